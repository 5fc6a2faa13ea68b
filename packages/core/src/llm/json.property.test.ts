import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLooseJson, repairJson } from './json';

// Objects and arrays as models return them (JSON-safe: no -0, no undefined).
const container = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const prose = fc.string().map((s) => s.replace(/[[\]{}`]/g, ''));

describe('parseLooseJson (properties)', () => {
  it('recovers any object or array from plain, fenced or prose-wrapped replies', () => {
    fc.assert(
      fc.property(container, prose, prose, fc.boolean(), (value, before, after, pretty) => {
        const json = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(parseLooseJson(json)).toEqual(value);
        expect(parseLooseJson('```json\n' + json + '\n```')).toEqual(value);
        expect(parseLooseJson(`${before}\n${json}\n${after}`)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('repairJson leaves valid JSON meaning unchanged when it has no string content', () => {
    const plain = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"'));
    fc.assert(
      fc.property(plain, (value) => {
        const json = JSON.stringify(value);
        expect(JSON.parse(repairJson(json))).toEqual(JSON.parse(json));
      }),
    );
  });
});
