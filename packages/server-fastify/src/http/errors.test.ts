import { InterviewKitError } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from './errors';

describe('toErrorResponse', () => {
  it('answers an unexpected error with core errorBody: INTERNAL and a generic message, its text kept for the log only', () => {
    const response = toErrorResponse(new Error('SELECT password_hash FROM users failed'));
    expect(response).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } }, internal: true });
  });

  it('keeps the code, message and details of an InterviewKitError', () => {
    const error = new InterviewKitError('CONFLICT', 'taken', { details: { field: 'email' } });
    expect(toErrorResponse(error)).toEqual({
      status: 409,
      body: { error: { code: 'CONFLICT', message: 'taken', details: { field: 'email' } } },
      internal: false,
    });
  });
});
