import type { GenerateObjectOptions, GenerateTextOptions, LanguageModel } from '../llm/language-model';
import { InterviewKitError, validationError } from '../errors/interviewkit-error';

/** One scripted reply of {@link MockLanguageModel}: a value, raw text, or an error to throw. */
export type MockReply = { object: unknown } | { text: string } | { error: InterviewKitError } | ((call: MockCall) => unknown);

/** A call recorded by {@link MockLanguageModel}. */
export interface MockCall {
  kind: 'object' | 'text';
  schemaName?: string;
  system?: string;
  prompt: string;
}

/**
 * A scripted {@link LanguageModel} for tests. Replies are consumed in order; when they run out,
 * calls fail with `PROVIDER_UNAVAILABLE` (never an empty success). Objects are validated against
 * the caller's schema exactly like a real adapter would (`VALIDATION_FAILED` on mismatch).
 */
export class MockLanguageModel implements LanguageModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'mock';
  readonly modelId: string;
  readonly offline = false;
  readonly capabilities = { structuredOutputs: true, temperature: true } as const;
  /** Every call, in order. */
  readonly calls: MockCall[] = [];
  private readonly replies: MockReply[];

  constructor(replies: MockReply[] = [], modelId = 'mock-model') {
    this.replies = [...replies];
    this.modelId = modelId;
  }

  /** Adds replies to the script. */
  enqueue(...replies: MockReply[]): void {
    this.replies.push(...replies);
  }

  private take(call: MockCall): unknown {
    this.calls.push(call);
    const reply = this.replies.shift();
    if (reply === undefined) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'MockLanguageModel has no scripted reply left');
    if (typeof reply === 'function') return reply(call);
    if ('error' in reply) throw reply.error;
    if ('text' in reply) return reply.text;
    return reply.object;
  }

  async generateObject<T>(options: GenerateObjectOptions<T>): Promise<{ object: T }> {
    options.abortSignal?.throwIfAborted();
    let value = this.take({ kind: 'object', schemaName: options.schemaName, system: options.system, prompt: options.prompt });
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch (cause) {
        throw new InterviewKitError('VALIDATION_FAILED', `MockLanguageModel reply for ${options.schemaName} is not JSON`, { cause });
      }
    }
    const parsed = options.schema.safeParse(value);
    if (!parsed.success) throw validationError(`${options.schemaName} from mock model`, parsed.error.issues);
    return { object: parsed.data };
  }

  async generateText(options: GenerateTextOptions): Promise<{ text: string }> {
    options.abortSignal?.throwIfAborted();
    const value = this.take({ kind: 'text', system: options.system, prompt: options.prompt });
    return { text: typeof value === 'string' ? value : JSON.stringify(value) };
  }
}
