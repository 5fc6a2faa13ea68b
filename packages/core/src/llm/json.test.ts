import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hasErrorCode } from '../errors/interviewkit-error';
import { extractJsonText, parseJsonWithSchema, parseLooseJson, repairJson, stripCodeFences } from './json';

describe('JSON helpers', () => {
  const Schema = z.object({ questions: z.array(z.string()).min(1) });

  it('strips fences and extracts JSON from prose', () => {
    expect(stripCodeFences('```json\n{"a":1}\n```')).toBe('{"a":1}');
    // A fence inside a string value does not end the block (found by the property test).
    expect(stripCodeFences('```json\n[{"":["```"]}]\n```')).toBe('[{"":["```"]}]');
    expect(parseLooseJson('```json\n[{"":["```"]}]\n```')).toEqual([{ '': ['```'] }]);
    expect(parseLooseJson('Here:\n{"a":"```x```"}\nDone')).toEqual({ a: '```x```' });
    expect(extractJsonText('Sure! Here it is: {"a": "}"} hope it helps')).toBe('{"a": "}"}');
    expect(parseLooseJson('Here:\n```\n[1, 2]\n```')).toEqual([1, 2]);
  });

  it('repairs trailing commas, single quotes, unquoted keys and truncation', () => {
    expect(JSON.parse(repairJson("{questions: ['a', 'b',],}"))).toEqual({ questions: ['a', 'b'] });
    expect(JSON.parse(repairJson('{"questions": ["a", "b'))).toEqual({ questions: ['a', 'b'] });
    expect(parseJsonWithSchema('```json\n{"questions": ["What is a B-tree?",]}\n```', Schema)).toEqual({ questions: ['What is a B-tree?'] });
  });

  it('throws VALIDATION_FAILED for non-JSON and for schema mismatches', () => {
    expect(() => parseLooseJson('no json here')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error);
    try {
      parseJsonWithSchema('{"questions": []}', Schema);
      expect.unreachable();
    } catch (error) {
      expect(hasErrorCode(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toContain('questions');
    }
  });
});
