export * from './fake-openai-server';
export { FAKE_CHAT_MODELS, FAKE_EMBEDDING_MODELS, FAKE_SPEECH_MODELS, FAKE_TRANSCRIPTION_MODELS, FAKE_VOICES } from './fake-openai-rules';
