import { createAssemblyAITranscriber } from '@interviewkit/assemblyai';
import { applyEvaluation, InterviewKitError, type Embedder, type LanguageModel, type SpeechSynthesizer, type Transcriber } from '@interviewkit/core';
import { createConceptEvaluator } from '@interviewkit/evaluation';
import {
  createOpenAIEmbedder,
  createOpenAILanguageModel,
  createOpenAISpeechSynthesizer,
  createOpenAITranscriber,
  LOCAL_SERVER_API_KEY,
  openAIModelDeprecation,
  type OpenAISettings,
} from '@interviewkit/openai';
import {
  ResumeProfileSchema,
  createAgenticQuestionSource,
  createChallengeEvaluator,
  createOfflineLanguageModel,
  createQuestionGenerator,
  createRubricEvaluator,
  defaultDocumentSandbox,
  defaultSqlSandbox,
  extractResumeText,
  nearDuplicate,
  parseResume,
  questionBank,
  parseResumeHeuristically,
  storedDifficulty,
  summarizeSession,
  validateSqlQuestion,
  type ResumeProfile,
} from '@interviewkit/questions';
import { CachedSpeechSynthesizer, createLiveAudioPipeline } from '@interviewkit/speech';
import { ENV_VARS, type ServerConfig } from './config';
import type { MasteryRecord, MasteryRules, QuestionCatalog, ServerPorts } from './ports';

/** Something that can log a warning (pino, console). */
export interface WarningLogger {
  warn(object: unknown, message?: string): void;
}

/** The providers picked from the configuration: each vendor is chosen here and nowhere else. */
export interface SelectedProviders {
  languageModel: LanguageModel;
  embedder?: Embedder;
  interviewerVoice?: SpeechSynthesizer;
  /** Live speech-to-text; undefined means the mock transcriber. */
  transcriber?: Transcriber;
}

/**
 * The composition root's vendor choice. With `OPENAI_API_KEY`: the OpenAI language model
 * (`OPENAI_MODEL`), embeddings (`OPENAI_EMBEDDING_MODEL`) and the interviewer's voice
 * (`OPENAI_TTS_MODEL`, `OPENAI_TTS_VOICE`; rendered once per text and cached in memory, and in
 * `TTS_CACHE_DIR` when set), at `OPENAI_BASE_URL` when set. With `OPENAI_BASE_URL` alone (a local
 * OpenAI-compatible server: Ollama, vLLM, llama.cpp) only the language model, with a placeholder
 * key — such servers rarely serve OpenAI's embedding, speech and transcription models. Otherwise
 * the offline model. Speech-to-text by `TRANSCRIBER`: `assemblyai`, `openai`
 * (`OPENAI_TRANSCRIPTION_MODEL`; with a key or a base URL), `mock`, or `auto` — AssemblyAI when
 * `ASSEMBLYAI_API_KEY` is set, else OpenAI when `OPENAI_API_KEY` is, else the mock. A transcriber
 * named without its credentials is a start-up error (`CONFIG_MISSING`). Configured models with an
 * announced shutdown are reported through `log`.
 */
export function selectProviders(config: ServerConfig, log?: WarningLogger): SelectedProviders {
  const endpoint = config.openAiBaseUrl ? { baseURL: config.openAiBaseUrl } : {};
  // OpenAI itself (a key): every OpenAI model. A compatible server given by URL alone: chat only.
  const openai: OpenAISettings | null = config.openAiApiKey ? { apiKey: config.openAiApiKey, ...endpoint } : null;
  const chat: OpenAISettings | null = openai ?? (config.openAiBaseUrl ? { apiKey: LOCAL_SERVER_API_KEY, ...endpoint } : null);
  const transcriber = selectTranscriber(config, openai, chat);
  if (chat) {
    const inUse = {
      openAiModel: config.openAiModel,
      ...(openai ? { openAiEmbeddingModel: config.openAiEmbeddingModel, openAiTtsModel: config.openAiTtsModel } : {}),
      ...(transcriber?.provider === 'openai' ? { openAiTranscriptionModel: config.openAiTranscriptionModel } : {}),
    };
    for (const [field, model] of Object.entries(inUse)) {
      const deprecation = openAIModelDeprecation(model);
      const variable = ENV_VARS[field as keyof typeof ENV_VARS];
      if (deprecation)
        log?.warn(
          { model, shutdown: deprecation.shutdown, variable },
          `OpenAI model ${model} is deprecated: OpenAI shuts it down on ${deprecation.shutdown}; set ${variable} to a current model`,
        );
    }
  }
  return {
    languageModel: chat
      ? createOpenAILanguageModel({
          ...chat,
          model: config.openAiModel,
          ...(config.openAiReasoningEffort ? { reasoningEffort: config.openAiReasoningEffort } : {}),
        })
      : createOfflineLanguageModel(),
    ...(openai
      ? {
          embedder: createOpenAIEmbedder({
            ...openai,
            model: config.openAiEmbeddingModel,
            ...(config.openAiEmbeddingDimensions ? { dimensions: config.openAiEmbeddingDimensions } : {}),
          }),
        }
      : {}),
    ...(openai
      ? {
          interviewerVoice: new CachedSpeechSynthesizer(
            createOpenAISpeechSynthesizer({ ...openai, model: config.openAiTtsModel, voice: config.ttsVoice }),
            config.ttsCacheDir ? { directory: config.ttsCacheDir } : {},
          ),
        }
      : {}),
    ...(transcriber ? { transcriber } : {}),
  };
}

function selectTranscriber(config: ServerConfig, openai: OpenAISettings | null, compatible: OpenAISettings | null): Transcriber | undefined {
  const choice = config.transcriber === 'auto' ? (config.assemblyAiApiKey ? 'assemblyai' : openai ? 'openai' : 'mock') : config.transcriber;
  if (choice === 'assemblyai') {
    if (!config.assemblyAiApiKey) throw new InterviewKitError('CONFIG_MISSING', 'TRANSCRIBER=assemblyai needs ASSEMBLYAI_API_KEY');
    return createAssemblyAITranscriber({
      apiKey: config.assemblyAiApiKey,
      ...(config.assemblyAiBaseUrl ? { websocketBaseUrl: config.assemblyAiBaseUrl } : {}),
    });
  }
  if (choice === 'openai') {
    if (!compatible)
      throw new InterviewKitError(
        'CONFIG_MISSING',
        'TRANSCRIBER=openai needs OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server that transcribes',
      );
    return createOpenAITranscriber({
      ...compatible,
      model: config.openAiTranscriptionModel,
      ...(config.openAiTranscriptionLanguage ? { language: config.openAiTranscriptionLanguage } : {}),
    });
  }
  return undefined;
}

/**
 * The ports `interviewkit-server` runs with by default — all real: answers judged by the offline
 * concept evaluator of `@interviewkit/evaluation` (with a language model: the LLM rubric evaluator,
 * falling back to the concept evaluator when a call fails), SQL questions that carry their tables
 * judged by running the answer, the question bank and generators, résumé extraction and parsing, and the summaries of `@interviewkit/questions`,
 * core's mastery rules, and the speech pipeline of `@interviewkit/speech` (energy VAD timed by
 * sample counts) over the transcriber {@link selectProviders} picked. Language-model features fall
 * back to the bank and heuristics when a call fails. When the transcriber fails for good (bad key,
 * no balance, an outage beyond the retry budget) the session continues on the mock transcriber,
 * the client gets a `provider_fallback` event and later transcripts are flagged `mock: true`.
 */
export function defaultPorts(config: ServerConfig, log?: WarningLogger): ServerPorts {
  const { languageModel, interviewerVoice, transcriber } = selectProviders(config, log);
  const offlineEvaluator = createConceptEvaluator();
  const evaluator = languageModel.offline
    ? offlineEvaluator
    : createRubricEvaluator({
        languageModel,
        fallback: offlineEvaluator,
        onFallback: (error) => log?.warn({ code: error.code }, 'the LLM rubric evaluation failed: this answer was scored offline'),
      });
  const generator = createQuestionGenerator({ languageModel });
  const identity = { specificationVersion: 'v1', provider: 'interviewkit', modelId: languageModel.modelId } as const;
  return {
    languageModel,
    ...(interviewerVoice ? { interviewerVoice } : {}),
    // SQL questions with tables run for real; everything else goes to the LLM rubric evaluator or,
    // without a language model (or when a call fails), to the offline concept evaluator
    // (@interviewkit/evaluation).
    evaluator: createChallengeEvaluator(evaluator),
    checkQuestion: validateSqlQuestion,
    agenticQuestions: ({ topic, difficulty, maxQuestions, mastery }) =>
      createAgenticQuestionSource({ languageModel, maxQuestions, mastery, ...(topic ? { topic } : {}), ...(difficulty ? { difficulty } : {}) }),
    questionGenerator: {
      ...identity,
      generate: (request) =>
        generator.generate({
          sessionType: request.sessionType,
          count: request.count,
          difficulty: request.difficulty,
          ...(request.topic !== undefined ? { topic: request.topic } : {}),
          ...(request.resume ? { resume: toProfile(request.resume) } : {}),
          ...(request.excludeIds ? { excludeIds: request.excludeIds } : {}),
          ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
        }),
    },
    resumeParser: {
      ...identity,
      async parse(file, options) {
        const { text } = await extractResumeText(file.data, { filename: file.filename, mimeType: file.contentType, maxBytes: config.resumeMaxBytes });
        const parsed = await parseResume(text, { languageModel, ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}) });
        return { text, parsed };
      },
    },
    summarizer: {
      ...identity,
      summarize: ({ answers, metrics, abortSignal }) =>
        summarizeSession({ answers, languageModel, ...(metrics !== undefined ? { metrics } : {}), ...(abortSignal ? { abortSignal } : {}) }),
    },
    masteryRules: coreMasteryRules,
    questionCatalog: bankCatalog(),
    close: async () => {
      await Promise.all([defaultSqlSandbox().close(), defaultDocumentSandbox().close()]);
    },
    audioPipeline: (context) => {
      const pipeline = createLiveAudioPipeline({
        target: context,
        ...(transcriber ? { transcriber } : {}),
        onFallback: ({ from, to, error }) =>
          log?.warn({ sessionId: context.sessionId, from, to, code: error.code }, 'speech-to-text provider failed: continuing on the mock transcriber'),
      });
      return {
        /** Follows the pipeline: true once the mock took over from a failed provider. */
        get mock() {
          return pipeline.mock;
        },
        push: (frame, capturedAt) => pipeline.push(frame, capturedAt),
        script: (text) => pipeline.script(text),
        flush: () => pipeline.flush(),
        close: () => pipeline.close(),
      };
    },
  };
}

/** The question bank as the server's own questions: by id, else by the same (or nearly the same) text. */
export function bankCatalog(): QuestionCatalog {
  const bank = questionBank();
  const byId = new Map(bank.map((q) => [q.id, q]));
  return { find: ({ id, text }) => (id !== undefined ? byId.get(id) : undefined) ?? bank.find((q) => nearDuplicate(q.text, text)) };
}

/** Core's mastery rules over the storage record (the same fields, plus the user id). */
export const coreMasteryRules: MasteryRules = {
  apply(record, { userId, question, evaluation, at }) {
    const { mastery, updates } = applyEvaluation(record, { question, evaluation, at, ...(record ? { topic: record.topic } : {}) });
    const next: MasteryRecord = { user_id: userId, ...mastery };
    return { record: next, updates };
  },
  difficultyFor: ({ records, sessionType, topic }) => storedDifficulty(records, sessionType, topic),
};

/** The stored resume as a profile: the parsed object when valid, else re-parsed from its text. */
function toProfile(resume: { text: string; parsed: unknown }): ResumeProfile {
  const parsed = ResumeProfileSchema.safeParse(resume.parsed);
  return parsed.success ? parsed.data : parseResumeHeuristically(resume.text);
}
