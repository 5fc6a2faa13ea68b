import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReasoningModel, OPENAI_DEFAULT_MODELS, OPENAI_MODEL_DEPRECATIONS, openAIModelDeprecation } from './openai-models';

/**
 * The shutdown dates the installed `openai` SDK announces in its type documentation
 * ("Deprecated values: - "model", …: Announced shutdown date: YYYY-MM-DD").
 */
function sdkDeprecations(): Map<string, string> {
  // The SDK exports no ./package.json: find its root from its main entry.
  let root = dirname(createRequire(import.meta.url).resolve('openai'));
  while (!existsSync(join(root, 'package.json'))) root = dirname(root);
  const dates = new Map<string, string>();
  for (const file of ['resources/shared.d.ts', 'resources/audio/speech.d.ts', 'resources/audio/audio.d.ts', 'resources/embeddings.d.ts']) {
    const text = readFileSync(join(root, file), 'utf8').replace(/\n\s*\*\s*/g, ' ');
    for (const match of text.matchAll(/-\s+((?:"[^"]+",?\s*)+):\s*Announced shutdown\s+date:\s*(\d{4}-\d{2}-\d{2})/g)) {
      for (const model of match[1]!.matchAll(/"([^"]+)"/g)) dates.set(model[1]!, match[2]!);
    }
  }
  return dates;
}

describe('default models and deprecations (checked against the installed SDK)', () => {
  const announced = sdkDeprecations();

  it('reads the SDK notes (a change of their format must not make this test pass vacuously)', () => {
    expect(announced.size).toBeGreaterThan(20);
    expect(announced.get('gpt-4o-mini')).toBe('2027-01-14');
  });

  it('uses defaults without an announced shutdown — except speech, which has no successor yet and is recorded', () => {
    for (const kind of ['chat', 'embedding', 'transcription'] as const) {
      expect({ kind, model: OPENAI_DEFAULT_MODELS[kind], shutdown: announced.get(OPENAI_DEFAULT_MODELS[kind]) }).toEqual({
        kind,
        model: OPENAI_DEFAULT_MODELS[kind],
        shutdown: undefined,
      });
    }
    expect(openAIModelDeprecation(OPENAI_DEFAULT_MODELS.speech)?.shutdown).toBe(announced.get(OPENAI_DEFAULT_MODELS.speech));
  });

  it('records every shutdown exactly as the SDK announces it', () => {
    for (const [model, { shutdown }] of Object.entries(OPENAI_MODEL_DEPRECATIONS))
      expect({ model, shutdown }).toEqual({ model, shutdown: announced.get(model) });
  });

  it('counts dated snapshots as their model', () => {
    expect(openAIModelDeprecation('gpt-4o-mini-2024-07-18')).toEqual({ shutdown: '2027-01-14' });
    expect(openAIModelDeprecation('gpt-5.4-mini')).toBeUndefined();
  });
});

describe('isReasoningModel', () => {
  it.each([
    ['gpt-5.4-mini', true],
    ['gpt-5', true],
    ['gpt-6-sol', true],
    ['o4-mini', true],
    ['o3', true],
    ['gpt-5-chat-latest', false],
    ['gpt-4.1-mini', false],
    ['gpt-4o-mini', false],
    ['llama3.1:8b', false],
    ['openai/gpt-5-mini', true],
  ])('%s → %s', (model, expected) => {
    expect(isReasoningModel(model)).toBe(expected);
  });
});
