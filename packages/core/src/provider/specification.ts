import { InterviewKitError } from '../errors/interviewkit-error';

/** The version of the provider contracts in this release of core. */
export const SPECIFICATION_VERSION = 'v1';

/**
 * What every provider (transcriber, synthesizer, language model, embedder, question generator,
 * résumé parser, summarizer) says about itself. The version lets core detect an adapter written
 * against another version of a contract (a skew between package versions) and fail fast with a
 * clear error instead of a confusing one deep inside a call.
 */
export interface ProviderIdentity {
  /** The contract version the implementation follows. */
  readonly specificationVersion: typeof SPECIFICATION_VERSION;
  /** Provider id for logs and `provider_fallback` events, e.g. `openai`, `assemblyai`, `mock`, `offline`. */
  readonly provider: string;
  /** The provider's model id, e.g. `gpt-5.4-mini` or `universal-streaming-english`. */
  readonly modelId: string;
}

/**
 * Throws `INVALID_ARGUMENT` when `provider` does not follow this core's contract version. Call it
 * where an implementation enters (a factory, a port): a provider package built for another
 * contract version is then reported by name at start-up.
 */
export function assertSpecificationVersion(kind: string, provider: { specificationVersion?: unknown; provider?: unknown }): void {
  if (provider.specificationVersion !== SPECIFICATION_VERSION) {
    throw new InterviewKitError(
      'INVALID_ARGUMENT',
      `The ${kind} ${typeof provider.provider === 'string' ? `"${provider.provider}" ` : ''}implements specification ${String(provider.specificationVersion)}; this version of @interviewkit/core needs ${SPECIFICATION_VERSION}. Install matching versions of the @interviewkit packages.`,
    );
  }
}
