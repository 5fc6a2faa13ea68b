import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { errorBody, formatIssues, invalidArgumentError, InterviewKitError, validationError } from './interviewkit-error';

describe('the shared error helpers', () => {
  const issues = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' } }).error!.issues;

  it('formats zod issues once, for input (VALIDATION_FAILED) and for options (INVALID_ARGUMENT) alike', () => {
    expect(formatIssues(issues)).toEqual([
      { path: 'a.b', message: expect.any(String) },
      { path: 'c', message: expect.any(String) },
    ]);
    expect(formatIssues([{ path: [], message: 'bad' }])).toEqual([{ path: '(root)', message: 'bad' }]);
    const input = validationError('request', issues);
    const options = invalidArgumentError('VAD options', issues);
    expect(input).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: formatIssues(issues) } });
    expect(options).toMatchObject({ code: 'INVALID_ARGUMENT', details: { issues: formatIssues(issues) } });
    expect(options.message).toBe(`Invalid VAD options: ${input.message.slice('Invalid request: '.length)}`);
  });

  it('gives the wire body of any error, never the message of a foreign one', () => {
    expect(errorBody(new InterviewKitError('RATE_LIMITED', 'slow down', { details: { retryAfterMs: 5 } }))).toEqual({
      code: 'RATE_LIMITED',
      message: 'slow down',
      details: { retryAfterMs: 5 },
    });
    expect(errorBody(new Error('SELECT * FROM secrets failed'))).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    expect(new InterviewKitError('TIMEOUT', 't').toJSON()).toEqual({ error: { code: 'TIMEOUT', message: 't' } });
  });
});
