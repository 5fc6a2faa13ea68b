import { codeForHttpStatus, type ErrorCode, errorBody, InterviewKitError, validationError } from '@interviewkit/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { ErrorResponseSchema } from '@interviewkit/core';
import { isStorageUnavailableError } from '../storage/storage-errors';

export { ErrorResponseSchema };

/** The wire body of an error. */
export type ErrorBody = z.infer<typeof ErrorResponseSchema>;

/**
 * Maps any thrown value to a status and a safe body. InterviewKitErrors keep their code and
 * message; Fastify's own errors (bad JSON, body too large, wrong content type, multipart limits)
 * get a catalogue code; anything else is a generic 500 whose details stay in the log.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (InterviewKitError.isInstance(error)) {
    return { status: error.httpStatus, body: error.toJSON(), internal: error.httpStatus >= 500 };
  }
  if (error instanceof z.ZodError) {
    const e = validationError('request', error.issues);
    return { status: 400, body: e.toJSON(), internal: false };
  }
  const fe = error as Partial<FastifyError> & { validation?: unknown };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status < 500 && status >= 400) {
    let code: ErrorCode = codeForHttpStatus(status);
    let message = typeof fe.message === 'string' && fe.message.length < 300 ? fe.message : 'Bad request';
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError && status === 400)) {
      code = 'MALFORMED_JSON';
      message = fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The JSON body is empty' : 'The request body is not valid JSON';
    } else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
      code = 'PAYLOAD_TOO_LARGE';
      message = 'The request body is too large';
    } else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      code = 'UNSUPPORTED_MEDIA_TYPE';
      message = 'Unsupported content type';
    }
    return { status: status === 406 ? 415 : status, body: { error: { code, message } }, internal: false };
  }
  if (isStorageUnavailableError(error)) {
    return { status: 503, body: { error: { code: 'STORAGE_UNAVAILABLE', message: 'The database is unavailable; retry shortly' } }, internal: true };
  }
  // Core's one mapping: anything else is INTERNAL with a generic message (its text stays in the log).
  return { status: 500, body: { error: errorBody(error) }, internal: true };
}

/** A Fastify error handler answering `{ error: { code, message } }`; stacks go to the log only. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, internal } = toErrorResponse(error);
  if (internal) request.log.error({ err: error, reqId: request.id }, 'request failed');
  else request.log.info({ code: body.error.code, status }, 'request rejected');
  // Unavailable (503) and rate-limited (429) answers say when to come back.
  if ((status === 503 || status === 429) && !reply.hasHeader('retry-after')) {
    const hint = InterviewKitError.isInstance(error) ? error.details?.retry_after_seconds : undefined;
    reply.header('retry-after', typeof hint === 'number' && hint > 0 ? String(Math.ceil(hint)) : '1');
  }
  return reply.status(status).send(body);
}

/** A not-found handler in the same format. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` } });
}

/** Parses `value` with `schema`, raising `VALIDATION_FAILED` naming `what` and each failing path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(what, result.error.issues, result.error);
  return result.data;
}
