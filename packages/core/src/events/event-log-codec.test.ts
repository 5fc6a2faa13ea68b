import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import { seedSessionLog } from '../testing/seed-session-log';
import { EventLogDecoder, parseEventLine, parseEventLog, serializeEventLog } from './event-log-codec';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return InterviewKitError.isInstance(error) ? error.code : 'untyped';
  }
  return undefined;
}

describe('event log codec', () => {
  it('round-trips a log through JSON lines', () => {
    const events = seedSessionLog();
    const text = serializeEventLog(events);
    expect(text.split('\n').filter(Boolean)).toHaveLength(events.length);
    expect(parseEventLog(text).events).toEqual(events);
  });

  it('gives typed errors with the line number', () => {
    expect(codeOf(() => parseEventLine('{not json', 3))).toBe('MALFORMED_JSON');
    expect(codeOf(() => parseEventLine('{"type":"teleport","t":1}'))).toBe('UNKNOWN_EVENT');
    expect(codeOf(() => parseEventLine('{"type":"speech_start","t":-5}'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseEventLine('{"type":"forced_silence","t":5,"duration":"NaN"}'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseEventLine('[1,2]'))).toBe('VALIDATION_FAILED');
    try {
      parseEventLog('{"type":"session_started","t":0,"session_type":"hr"}\n\n{oops}\n');
    } catch (error) {
      expect((error as InterviewKitError).message).toContain('line 3');
    }
  });

  it('names the failing field', () => {
    try {
      parseEventLine('{"type":"answer_evaluated","t":1,"index":0,"similarity":2,"keyword_coverage":0.5}');
      expect.unreachable();
    } catch (error) {
      expect(InterviewKitError.isInstance(error) && error.message).toContain('similarity');
    }
  });

  it('skips bad lines on request and keeps every good one', () => {
    const text = [
      '{"type":"session_started","t":0,"session_type":"hr"}',
      'garbage',
      '{"type":"speech_start","t":5}',
      '{"type":"nope","t":6}',
      '{"type":"speech_end","t":7}\r',
    ].join('\n');
    const { events, rejected } = parseEventLog(text, { onInvalidLine: 'skip' });
    expect(events.map((e) => e.type)).toEqual(['session_started', 'speech_start', 'speech_end']);
    expect(rejected.map((r) => [r.line, r.error.code])).toEqual([
      [2, 'MALFORMED_JSON'],
      [4, 'UNKNOWN_EVENT'],
    ]);
  });

  it('decodes a log split across arbitrary chunks', () => {
    const text = serializeEventLog(seedSessionLog());
    for (const size of [1, 7, 64, 4096]) {
      const decoder = new EventLogDecoder();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...decoder.push(text.slice(i, i + size)));
      out.push(...decoder.end());
      expect(out).toEqual(seedSessionLog());
    }
  });

  it('refuses absurdly long lines', () => {
    expect(codeOf(() => parseEventLine('x'.repeat(300_000)))).toBe('PAYLOAD_TOO_LARGE');
    const decoder = new EventLogDecoder();
    expect(codeOf(() => decoder.push('x'.repeat(300_000)))).toBe('PAYLOAD_TOO_LARGE');
  });
});
