// What the fake OpenAI server checks, written from OpenAI's API reference and the `openai` SDK's
// parameter documentation — deliberately not imported from the adapters, so a test of an adapter
// against the fake checks the adapter against the API's rules, not against itself.

/** An OpenAI-style error body: `{ error: { message, type, param, code } }` with its HTTP status. */
export interface ApiFailure {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const invalid = (message: string, param: string | null, code: string | null, status = 400): ApiFailure => ({
  status,
  message,
  type: 'invalid_request_error',
  param,
  code,
});
const unknownModel = (model: string): ApiFailure =>
  invalid(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 404);

/** Chat models the fake serves (the SDK's current `ChatModel` names this package uses or documents). */
export const FAKE_CHAT_MODELS = [
  'gpt-6-astra',
  'gpt-6.1-sol',
  'gpt-6.1-terra',
  'gpt-6-sol',
  'gpt-6-luna',
  'gpt-5.6-sol',
  'gpt-5.6-terra',
  'gpt-5.6-luna',
  'gpt-5.5',
  'gpt-5.4',
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-5.3-chat-latest',
  'gpt-5.2',
  'gpt-5.2-chat-latest',
  'gpt-5.1',
  'gpt-5.1-chat-latest',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5-chat-latest',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-4o',
  'gpt-4o-mini',
  'o4-mini',
  'o3',
  'o3-mini',
  'o1',
];
/** Embedding models and their native dimensions. */
export const FAKE_EMBEDDING_MODELS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
/** Speech models. */
export const FAKE_SPEECH_MODELS = ['gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15', 'tts-1', 'tts-1-hd'];
/** Built-in voices; custom voices are objects `{ id: 'voice_…' }`. */
export const FAKE_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
/** Transcription models. */
export const FAKE_TRANSCRIPTION_MODELS = [
  'gpt-transcribe',
  'whisper-1',
  'gpt-4o-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-transcribe-2025-12-15',
  'gpt-4o-transcribe-diarize',
];

/** OpenAI's reasoning models (o-series, GPT-5 and later except `*-chat-latest`): they take no temperature and no `max_tokens`. */
function isReasoning(model: string): boolean {
  return !model.endsWith('-chat-latest') && /^(o1|o3|o4|gpt-5|gpt-6)/.test(model);
}

/** Checks a chat completion request; `known` says whether model names are checked (false for "OpenAI-compatible" servers). */
export function checkChatRequest(body: Record<string, unknown>, known: boolean): ApiFailure | null {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (known && !FAKE_CHAT_MODELS.includes(model)) return unknownModel(model);
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  const temperature = body.temperature;
  if (temperature !== undefined && temperature !== null) {
    if (typeof temperature !== 'number' || temperature < 0 || temperature > 2)
      return invalid(`Invalid 'temperature': must be between 0 and 2.`, 'temperature', 'invalid_value');
    if (isReasoning(model) && temperature !== 1) {
      return invalid(
        `Unsupported value: 'temperature' does not support ${temperature} with this model. Only the default (1) value is supported.`,
        'temperature',
        'unsupported_value',
      );
    }
  }
  if (isReasoning(model) && body.max_tokens !== undefined) {
    return invalid(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'max_tokens',
      'unsupported_parameter',
    );
  }
  if (!isReasoning(model) && body.reasoning_effort !== undefined) {
    return invalid("Unsupported parameter: 'reasoning_effort' is not supported with this model.", 'reasoning_effort', 'unsupported_parameter');
  }
  const format = body.response_format as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } } | undefined;
  if (format?.type === 'json_schema') {
    const name = format.json_schema?.name;
    if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name))
      return invalid("Invalid 'response_format.json_schema.name': must match ^[a-zA-Z0-9_-]{1,64}$.", 'response_format.json_schema.name', 'invalid_value');
    if (typeof format.json_schema?.schema !== 'object' || format.json_schema.schema === null)
      return invalid("Invalid 'response_format.json_schema.schema'.", 'response_format.json_schema.schema', 'invalid_value');
  }
  return null;
}

/** Checks an embeddings request; returns the vector length to answer with. */
export function checkEmbeddingRequest(body: Record<string, unknown>, known: boolean): ApiFailure | { dimensions: number; values: string[] } {
  const model = body.model;
  if (typeof model !== 'string' || model === '') return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  const native = FAKE_EMBEDDING_MODELS[model] ?? (known ? undefined : 1536);
  if (native === undefined) return unknownModel(model);
  const input = body.input;
  const values = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((v) => typeof v === 'string') ? (input as string[]) : null;
  if (!values || values.length === 0 || values.length > 2048)
    return invalid("Invalid 'input': a string or an array of 1 to 2048 strings.", 'input', 'invalid_value');
  if (values.some((v) => v === '')) return invalid("'$.input' is invalid: empty strings are not accepted.", 'input', 'invalid_value');
  const dimensions = body.dimensions;
  if (dimensions === undefined || dimensions === null) return { dimensions: native, values };
  if (model === 'text-embedding-ada-002') return invalid('This model does not support specifying dimensions.', 'dimensions', 'unsupported_parameter');
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > native) {
    return invalid(`Invalid 'dimensions': must be an integer between 1 and ${native}.`, 'dimensions', 'invalid_value');
  }
  return { dimensions, values };
}

/** Checks a speech request; returns the voice name and format. */
export function checkSpeechRequest(body: Record<string, unknown>, known: boolean): ApiFailure | { voice: string; format: string; input: string } {
  const { model, input } = body;
  if (typeof model !== 'string' || model === '') return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (known && !FAKE_SPEECH_MODELS.includes(model)) return unknownModel(model);
  if (typeof input !== 'string' || input === '') return invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (input.length > 4096) return invalid("'input' is too long (max 4096 characters).", 'input', 'string_above_max_length');
  const voice = body.voice;
  const voiceName =
    typeof voice === 'string' && FAKE_VOICES.includes(voice)
      ? voice
      : typeof voice === 'object' && voice !== null && typeof (voice as { id?: unknown }).id === 'string' && /^voice_/.test((voice as { id: string }).id)
        ? (voice as { id: string }).id
        : null;
  // A custom voice id sent as a plain string is refused: custom voices are objects `{ id }`.
  if (voiceName === null)
    return invalid(`Invalid value for 'voice': ${JSON.stringify(voice)}. Use a built-in voice name or { "id": "voice_..." }.`, 'voice', 'invalid_value');
  const format = body.response_format ?? 'mp3';
  if (typeof format !== 'string' || !['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'].includes(format))
    return invalid(`Invalid value for 'response_format': ${String(format)}.`, 'response_format', 'invalid_value');
  if (body.speed !== undefined && !(typeof body.speed === 'number' && body.speed >= 0.25 && body.speed <= 4))
    return invalid("Invalid 'speed'.", 'speed', 'invalid_value');
  return { voice: voiceName, format, input };
}

/** Checks a transcription request's fields (the file is checked by the server). */
export function checkTranscriptionFields(
  fields: Record<string, string | string[]>,
  known: boolean,
): ApiFailure | { responseFormat: string; wordTimestamps: boolean } {
  const model = fields.model;
  if (typeof model !== 'string' || model === '') return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (known && !FAKE_TRANSCRIPTION_MODELS.includes(model)) return unknownModel(model);
  const responseFormat = typeof fields.response_format === 'string' ? fields.response_format : 'json';
  if (!['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json'].includes(responseFormat))
    return invalid(`Invalid value for 'response_format': ${responseFormat}.`, 'response_format', 'invalid_value');
  // Only Whisper returns verbose JSON (segments, word timings); the GPT transcribe models answer json or text.
  if (model !== 'whisper-1' && (known || !/^whisper/.test(model)) && !['json', 'text'].includes(responseFormat)) {
    return invalid(
      `response_format '${responseFormat}' is not compatible with model '${model}'. Use 'json' or 'text'.`,
      'response_format',
      'unsupported_value',
    );
  }
  const granularities = fields['timestamp_granularities[]'] ?? fields.timestamp_granularities;
  const wordTimestamps = granularities !== undefined && ([] as string[]).concat(granularities).includes('word');
  if (granularities !== undefined && responseFormat !== 'verbose_json')
    return invalid("'timestamp_granularities' requires response_format 'verbose_json'.", 'timestamp_granularities', 'invalid_value');
  return { responseFormat, wordTimestamps };
}
