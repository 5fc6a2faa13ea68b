import { describe, expect, it } from 'vitest';
import { CLIENT_EVENT_NAMES, type ClientEventHandlers, isClientEventName, parseClientEventData } from './ws-protocol';

describe('client event parsing', () => {
  it('knows the client event names, and only its own keys', () => {
    for (const name of CLIENT_EVENT_NAMES) expect(isClientEventName(name)).toBe(true);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'question', '']) expect(isClientEventName(name)).toBe(false);
  });

  it('validates data with the event schema and types the result by the event', () => {
    const ok = parseClientEventData('answer_text', { text: 'an index', index: 2 });
    expect(ok.success).toBe(true);
    if (ok.success) {
      const text: string = ok.data.text;
      expect(text).toBe('an index');
    }
    expect(parseClientEventData('answer_text', { text: '' }).success).toBe(false);
    expect(parseClientEventData('resume_interview', { session_id: 1 }).success).toBe(false);
    // Events whose data is optional default to an empty object.
    const done = parseClientEventData('interviewer_done', undefined);
    expect(done.success && done.data).toEqual({});
  });

  it('dispatches to one typed handler per event', () => {
    const seen: string[] = [];
    const handlers: ClientEventHandlers<string, void> = {
      start_interview: (d, ctx) => void seen.push(`${ctx}:start:${d.session_type}`),
      interviewer_done: (d, ctx) => void seen.push(`${ctx}:done:${d.index ?? '-'}`),
      user_done_speaking: (_d, ctx) => void seen.push(`${ctx}:submit`),
      answer_text: (d, ctx) => void seen.push(`${ctx}:text:${d.text}`),
      stop_interview: (d, ctx) => void seen.push(`${ctx}:stop:${d.session_id ?? '-'}`),
      mock_script: (d, ctx) => void seen.push(`${ctx}:script:${d.text}`),
      resume_interview: (d, ctx) => void seen.push(`${ctx}:resume:${d.session_id}/${d.last_seq}`),
    };
    const frames: Array<[string, unknown]> = [
      ['start_interview', { session_type: 'technical' }],
      ['interviewer_done', { index: 0 }],
      ['answer_text', { text: 'hash maps' }],
      ['resume_interview', { session_id: 4, last_seq: 9 }],
      ['stop_interview', undefined],
    ];
    const dispatch = <K extends Parameters<typeof parseClientEventData>[0]>(name: K, payload: unknown): void => {
      const parsed = parseClientEventData(name, payload);
      if (parsed.success) handlers[name](parsed.data, 'c1');
    };
    for (const [name, payload] of frames) if (isClientEventName(name)) dispatch(name, payload);
    expect(seen).toEqual(['c1:start:technical', 'c1:done:0', 'c1:text:hash maps', 'c1:resume:4/9', 'c1:stop:-']);
  });
});
