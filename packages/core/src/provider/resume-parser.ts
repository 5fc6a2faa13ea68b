import type { ProviderIdentity } from './specification';

/** An uploaded résumé file. */
export interface ResumeFile {
  filename: string;
  /** MIME type as uploaded (`application/pdf`, the DOCX type, `text/plain`). */
  contentType: string;
  data: Uint8Array;
}

/** The text of a résumé and its parsed profile (the shape of `@interviewkit/questions`' `ResumeProfile`). */
export interface ParsedResume {
  text: string;
  parsed: Record<string, unknown>;
}

/**
 * Extracts and parses a résumé (`specificationVersion: 'v1'`). Raises `UNSUPPORTED_MEDIA_TYPE`,
 * `UNPROCESSABLE_DOCUMENT` (encrypted, image-only, corrupt) and `PAYLOAD_TOO_LARGE`.
 */
export interface ResumeParser extends ProviderIdentity {
  parse(file: ResumeFile, options?: { abortSignal?: AbortSignal }): Promise<ParsedResume>;
}
