/**
 * The models this package uses unless told otherwise. Chosen from the model lists of the
 * installed `openai` SDK (7.57): the chat and transcription defaults are models the SDK does not
 * mark deprecated; for speech every model the SDK knows is marked deprecated (shutdown
 * 2027-01-06) and none replaces it on `/v1/audio/speech`, so the default stays the best of them —
 * `OPENAI_TTS_MODEL` switches the day OpenAI names a successor. {@link OPENAI_MODEL_DEPRECATIONS}
 * records what the SDK announces; a test fails when the SDK's notes and this table disagree.
 */
export const OPENAI_DEFAULT_MODELS = Object.freeze({
  /** Question generation, résumé parsing, summaries, rubric evaluation. A reasoning model: it takes no temperature. */
  chat: 'gpt-5.4-mini',
  /** Embedding similarity of answers. */
  embedding: 'text-embedding-3-small',
  /** The interviewer's voice. Deprecated by OpenAI (shutdown 2027-01-06); no successor on the speech endpoint yet. */
  speech: 'gpt-4o-mini-tts',
  /** Speech-to-text of the candidate's answers. */
  transcription: 'gpt-transcribe',
});

/** An announced shutdown of a model, as the `openai` SDK's type documentation lists it. */
export interface OpenAIModelDeprecation {
  /** ISO date (YYYY-MM-DD) after which OpenAI answers requests to the model with an error. */
  shutdown: string;
}

/**
 * Shutdown dates announced for the models this package has used as defaults or documents, copied
 * from the "Deprecated values" notes of the installed SDK (`resources/shared.d.ts` for chat
 * models, `resources/audio/speech.d.ts`, `resources/audio/audio.d.ts`). The server warns at
 * start-up when a configured model is listed here. To follow deprecations: after upgrading the
 * SDK run this package's tests — `openai-models.test.ts` reads those notes and fails, naming the
 * model, whenever a default becomes deprecated or a date changes.
 */
export const OPENAI_MODEL_DEPRECATIONS: Readonly<Record<string, OpenAIModelDeprecation>> = Object.freeze({
  'gpt-4o-mini': { shutdown: '2027-01-14' },
  'gpt-4o': { shutdown: '2027-01-14' },
  'gpt-4.1': { shutdown: '2027-01-14' },
  'gpt-4.1-mini': { shutdown: '2027-01-14' },
  'gpt-4.1-nano': { shutdown: '2026-10-23' },
  'gpt-5': { shutdown: '2026-12-11' },
  'gpt-5-mini': { shutdown: '2026-12-11' },
  'gpt-5-nano': { shutdown: '2026-12-11' },
  'o3-mini': { shutdown: '2026-10-23' },
  'o4-mini': { shutdown: '2026-10-23' },
  'gpt-4o-mini-tts': { shutdown: '2027-01-06' },
  'tts-1': { shutdown: '2027-01-06' },
  'tts-1-hd': { shutdown: '2027-01-06' },
  'whisper-1': { shutdown: '2027-02-26' },
  'gpt-4o-transcribe': { shutdown: '2027-02-26' },
  'gpt-4o-mini-transcribe': { shutdown: '2027-02-26' },
});

/** The announced shutdown of `model`, when there is one (dated snapshots `model-YYYY-MM-DD` count as their model). */
export function openAIModelDeprecation(model: string): OpenAIModelDeprecation | undefined {
  return OPENAI_MODEL_DEPRECATIONS[model] ?? OPENAI_MODEL_DEPRECATIONS[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}

/**
 * Whether `model` is a reasoning model (the o-series and GPT-5 and later, except their
 * `*-chat-latest` chat variants). Reasoning models refuse a sampling temperature, so the
 * language model leaves it out for them. OpenAI-compatible servers name models freely: the
 * `reasoning` option of `createOpenAILanguageModel` overrides this guess.
 */
export function isReasoningModel(model: string): boolean {
  const id = model.toLowerCase().replace(/^.*\//, '');
  if (id.endsWith('-chat-latest')) return false;
  return /^o\d/.test(id) || /^gpt-(?:[5-9]|\d{2,})(?:[.-]|$)/.test(id);
}
