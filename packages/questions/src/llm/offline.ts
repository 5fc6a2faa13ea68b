import {
  abortedError,
  InterviewKitError,
  jsonSchemaForOutput,
  validationError,
  type GenerateObjectOptions,
  type GenerateTextOptions,
  type LanguageModel,
} from '@interviewkit/core';
import type * as z from 'zod';

/** Produces the object for one schema name offline (deterministically, from the call). */
export type OfflineResponder = (call: { schemaName: string; system?: string; prompt: string }) => unknown;

/** Options of {@link createOfflineLanguageModel}. */
export interface OfflineLanguageModelOptions {
  /** Templated replies by schema name; other schemas get a minimal value built from the schema. */
  responders?: Readonly<Record<string, OfflineResponder>>;
}

type JsonSchema = Record<string, unknown>;

function firstSentence(prompt: string): string {
  const text = prompt.replace(/\s+/g, ' ').trim();
  const end = text.search(/[.?!](\s|$)/);
  return (end > 0 ? text.slice(0, end + 1) : text).slice(0, 160);
}

function fitString(text: string, schema: JsonSchema): string {
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  let s = text;
  while (s.length < min) s += ` ${text || 'offline'}`;
  return s.slice(0, max);
}

function sample(schema: JsonSchema | undefined, text: string, depth: number): unknown {
  if (!schema || depth > 8) return null;
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  if ('default' in schema) return schema['default'];
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) {
    const nonNull = variants.find((v) => v['type'] !== 'null') ?? variants[0];
    return sample(nonNull, text, depth + 1);
  }
  if (Array.isArray(schema['allOf'])) return sample((schema['allOf'] as JsonSchema[])[0], text, depth + 1);
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).find((t) => t !== 'null') : schema['type'];
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sample(value, text, depth + 1)]));
    }
    case 'array': {
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      return Array.from({ length: min }, (_, i) => sample(schema['items'] as JsonSchema, min > 1 ? `${text} (${i + 1})` : text, depth + 1));
    }
    case 'string':
      return fitString(text, schema);
    case 'integer':
    case 'number': {
      const min =
        typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : 0;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Infinity;
      return Math.min(min, max);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return null;
  }
}

/**
 * A deterministic {@link LanguageModel} that needs no network, flagged `offline: true` (provider
 * `offline`). It never invents content: `generateObject` uses a registered responder for the
 * schema name, or else the smallest value the schema accepts, built from its JSON Schema with text
 * taken from the prompt's first sentence; the result is validated like any provider's
 * (`VALIDATION_FAILED` if the schema has constraints it cannot meet). `generateText` returns the
 * prompt's first sentence. Code in this package checks `offline` and prefers its own offline paths
 * (the bank, heuristics, core's deterministic summary), so this model is a safe default, not a
 * content source.
 */
export function createOfflineLanguageModel(options: OfflineLanguageModelOptions = {}): LanguageModel {
  const responders = options.responders ?? {};
  return {
    specificationVersion: 'v1',
    provider: 'offline',
    modelId: 'offline-template-v1',
    offline: true,
    capabilities: { structuredOutputs: true, temperature: false },
    generateObject<T>(call: GenerateObjectOptions<T>) {
      if (call.abortSignal?.aborted) return Promise.reject(abortedError(call.abortSignal));
      const responder = responders[call.schemaName];
      let value: unknown;
      try {
        value = responder
          ? responder({ schemaName: call.schemaName, system: call.system, prompt: call.prompt })
          : sample(jsonSchemaForOutput(call.schema as z.ZodType), firstSentence(call.prompt), 0);
      } catch (cause) {
        return Promise.reject(new InterviewKitError('PROVIDER_ERROR', `Offline responder for ${call.schemaName} failed`, { cause, retryable: false }));
      }
      const parsed = call.schema.safeParse(value);
      if (!parsed.success) return Promise.reject(validationError(`${call.schemaName} from the offline model`, parsed.error.issues));
      return Promise.resolve({ object: parsed.data, warnings: ['offline: templated output'] });
    },
    generateText(call: GenerateTextOptions) {
      if (call.abortSignal?.aborted) return Promise.reject(abortedError(call.abortSignal));
      return Promise.resolve({ text: firstSentence(call.prompt) });
    },
  };
}
