import { applyEvaluation, DifficultySchema, type TopicMastery } from '@interviewkit/core';
import { createConceptEvaluator } from '@interviewkit/evaluation';
import {
  ResumeProfileSchema,
  createAgenticQuestionSource,
  createChallengeEvaluator,
  createQuestionGenerator,
  createRubricEvaluator,
  defaultDocumentSandbox,
  defaultSqlSandbox,
  extractResumeText,
  nearDuplicate,
  parseResume,
  questionBank,
  parseResumeHeuristically,
  selectLanguageModel,
  storedDifficulty,
  summarizeSession,
  validateSqlQuestion,
  type ResumeProfile,
} from '@interviewkit/questions';
import { AssemblyAITranscriber, createLiveAudioPipeline, createOpenAISpeechSynthesizer } from '@interviewkit/speech';
import type { ServerConfig } from './config';
import type { MasteryRules, QuestionCatalog, ServerPorts } from './ports';
import type { MasteryRecord } from './storage/storage';

/** Something that can log a warning (pino, console). */
export interface WarningLogger {
  warn(object: unknown, message?: string): void;
}

/**
 * The ports `interviewkit-server` runs with by default — all real, all offline: the concept
 * evaluator of `@interviewkit/evaluation`, the question bank and generators, resume extraction
 * and parsing, and the summaries from `@interviewkit/questions`, core's mastery rules, and the speech pipeline (energy
 * VAD + mock transcriber) from `@interviewkit/speech`.
 *
 * With `OPENAI_API_KEY` (or only `OPENAI_BASE_URL`, for a local OpenAI-compatible server) set,
 * question generation, resume parsing and summaries use that language model (falling back to the
 * bank and heuristics when a call fails) and answers are judged by the LLM rubric evaluator
 * (verdicts per concept; the offline evaluator when a call fails). The interviewer speaks each question with OpenAI text-to-speech
 * (voice `TTS_VOICE`, rendered once per question text and cached in memory, and in `TTS_CACHE_DIR`
 * when set): `question` events carry an `audio_url`.
 *
 * With `ASSEMBLYAI_API_KEY` set, live audio is transcribed by AssemblyAI Universal-Streaming v3
 * (`ASSEMBLYAI_BASE_URL` overrides its WebSocket URL); when it fails for good (bad key, no balance,
 * outage beyond the retry budget) the session falls back to the mock transcriber, the client gets
 * a `provider_fallback` event and later transcripts are flagged `mock: true`.
 */
export function defaultPorts(config: ServerConfig, log?: WarningLogger): ServerPorts {
  const assemblyAi = config.assemblyAiApiKey ? { apiKey: config.assemblyAiApiKey, ...(config.assemblyAiBaseUrl ? { websocketBaseUrl: config.assemblyAiBaseUrl } : {}) } : null;
  const openai = { openaiApiKey: config.openAiApiKey ?? null, ...(config.openAiBaseUrl ? { baseURL: config.openAiBaseUrl } : {}) };
  const languageModel = selectLanguageModel(openai);
  const offlineEvaluator = createConceptEvaluator();
  const evaluator = languageModel.offline
    ? offlineEvaluator
    : createRubricEvaluator({ languageModel, fallback: offlineEvaluator, onFallback: (error) => log?.warn({ code: error.code }, 'the LLM rubric evaluation failed: this answer was scored offline') });
  const generator = createQuestionGenerator({ languageModel });
  const interviewerVoice = config.openAiApiKey
    ? createOpenAISpeechSynthesizer({
        apiKey: config.openAiApiKey,
        voice: config.ttsVoice,
        ...(config.openAiBaseUrl ? { baseURL: config.openAiBaseUrl } : {}),
        cache: config.ttsCacheDir ? { directory: config.ttsCacheDir } : {},
      })
    : undefined;
  return {
    ...(interviewerVoice ? { interviewerVoice } : {}),
    // SQL questions with tables run for real; everything else goes to the LLM rubric evaluator or,
    // without a language model (or when a call fails), to the offline concept evaluator
    // (@interviewkit/evaluation).
    evaluator: createChallengeEvaluator(evaluator),
    checkQuestion: validateSqlQuestion,
    agenticQuestions: ({ topic, difficulty, maxQuestions, mastery }) =>
      createAgenticQuestionSource({ languageModel, maxQuestions, mastery, ...(topic ? { topic } : {}), ...(difficulty ? { difficulty } : {}) }),
    questionGenerator: {
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
      async parse(file, options) {
        const { text } = await extractResumeText(file.data, { filename: file.filename, mimeType: file.contentType, maxBytes: config.resumeMaxBytes });
        const parsed = await parseResume(text, { languageModel, ...(options?.abortSignal ? { abortSignal: options.abortSignal } : {}) });
        return { text, parsed };
      },
    },
    summarizer: {
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
        ...(assemblyAi ? { transcriber: new AssemblyAITranscriber(assemblyAi) } : {}),
        onFallback: ({ from, to, error }) => log?.warn({ sessionId: context.sessionId, from, to, code: error.code }, 'speech-to-text provider failed: continuing on the mock transcriber'),
      });
      return {
        /** Follows the pipeline: true once the mock took over from a failed provider. */
        get mock() {
          return pipeline.mock;
        },
        push: (frame) => pipeline.push(frame),
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
    const previous: TopicMastery | null = record
      ? { ...record, difficulty: DifficultySchema.catch('medium').parse(record.difficulty) }
      : null;
    const { mastery, updates } = applyEvaluation(previous, { question, evaluation, at, ...(record ? { topic: record.topic } : {}) });
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
