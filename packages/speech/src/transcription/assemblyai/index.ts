export { AssemblyAITranscriber, type AssemblyAITranscriberState } from './assemblyai-transcriber';
export { ASSEMBLYAI_SPEECH_MODELS, AssemblyAITranscriberOptionsSchema, type AssemblyAISpeechModel, type AssemblyAITranscriberOptions } from './options';
export { classifyAssemblyAIFailure, type AssemblyAIFailure, type ClassifiedFailure } from './errors';
export { createAssemblyAITemporaryToken, type AssemblyAITemporaryTokenOptions } from './temporary-token';
