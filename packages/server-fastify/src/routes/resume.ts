import { InterviewKitError } from '@interviewkit/core';
import { ResumeResponseSchema } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import { type Authenticator, defineRoute } from '../http/route';
import type { UserRateLimiter } from '../http/user-rate-limit';
import type { ServerPorts } from '../ports';
import type { Storage } from '../storage/storage';

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
} as const;

/**
 * Decides a resume's type from its extension and checks its content really is that type (PDF
 * magic, a ZIP container for DOCX, UTF-8 text without NUL bytes for TXT). Nothing is written to
 * disk: the file is parsed from memory and only the extracted text is stored.
 */
export function detectResumeType(filename: string, data: Uint8Array): keyof typeof TYPES {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (ext === 'pdf') {
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'The file is named .pdf but is not a PDF');
    return 'pdf';
  }
  if (ext === 'docx') {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04))
      throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'The file is named .docx but is not a DOCX document');
    return 'docx';
  }
  if (ext === 'txt') {
    if (bytes.includes(0)) throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'The .txt file is not text');
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'The .txt file is not UTF-8 text');
    }
    return 'txt';
  }
  throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'Resumes must be PDF, DOCX or TXT files');
}

/** Registers `POST /api/upload_resume` (multipart field `resume`) and `GET /api/resume`. */
export function registerResumeRoutes(
  app: FastifyInstance,
  storage: Storage,
  authenticate: Authenticator,
  ports: ServerPorts,
  maxBytes: number,
  limiter: UserRateLimiter,
): void {
  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/upload_resume',
    operationId: 'uploadResume',
    responses: { 201: ResumeResponseSchema },
    errors: [413, 415, 422],
    summary: `Uploads a resume (multipart/form-data, file field \`resume\`; PDF, DOCX or TXT up to ${Math.round(maxBytes / 1024)} KiB) and parses it`,
    tags: ['resume'],
    consumes: ['multipart/form-data'],
    // Taken before the body is read: a refused upload costs no parsing.
    userRateLimit: { limiter },
    handler: async ({ request, reply, userId }) => {
      if (!request.isMultipart()) throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with the file in field `resume`');
      let file: { filename: string; data: Buffer } | null = null;
      try {
        for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } })) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'resume') {
            part.file.resume();
            continue;
          }
          const data = await part.toBuffer();
          file = { filename: part.filename.slice(0, 255), data };
        }
      } catch (error) {
        // Limits raise Fastify errors with a status (413); a truncated or garbled body raises the
        // parser's plain Error, which is the client's fault, not ours.
        if (InterviewKitError.isInstance(error) || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
        throw new InterviewKitError('VALIDATION_FAILED', `Malformed multipart body: ${error instanceof Error ? error.message : 'unreadable'}`, {
          cause: error,
        });
      }
      if (!file) throw new InterviewKitError('VALIDATION_FAILED', 'No file uploaded: send it in the multipart field `resume`');
      if (file.data.length === 0) throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The uploaded file is empty');
      const type = detectResumeType(file.filename, file.data);
      const { text, parsed } = await ports.resumeParser.parse({ filename: file.filename, contentType: TYPES[type], data: file.data });
      if (text.trim() === '')
        throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'No text could be extracted from the resume (image-only or empty document?)');
      const saved = await storage.resumes.save({ user_id: userId, filename: file.filename, content_type: TYPES[type], size: file.data.length, text, parsed });
      reply.status(201);
      return {
        resume: {
          id: saved.id,
          filename: saved.filename,
          content_type: saved.content_type,
          size: saved.size,
          parsed: saved.parsed,
          created_at: saved.created_at,
        },
      };
    },
  });

  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/resume',
    operationId: 'getResume',
    responses: { 200: ResumeResponseSchema },
    errors: [404],
    summary: "The caller's latest parsed resume",
    tags: ['resume'],
    handler: async ({ userId }) => {
      const resume = await storage.resumes.latest(userId);
      if (!resume) throw new InterviewKitError('NOT_FOUND', 'No resume uploaded yet');
      return {
        resume: {
          id: resume.id,
          filename: resume.filename,
          content_type: resume.content_type,
          size: resume.size,
          parsed: resume.parsed,
          text: resume.text,
          created_at: resume.created_at,
        },
      };
    },
  });
}
