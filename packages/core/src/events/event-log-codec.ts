import { InterviewKitError, validationError } from '../errors/interviewkit-error';
import { SESSION_EVENT_TYPES, type SessionEvent, SessionEventSchema } from './session-event';

const KNOWN_TYPES = new Set<string>(SESSION_EVENT_TYPES);

/** Maximum length of one JSON line of the event log, in characters. */
export const MAX_EVENT_LINE_LENGTH = 256 * 1024;

/**
 * Validates one event object. Unknown `type`s raise `UNKNOWN_EVENT`; anything else that does
 * not match the schema raises `VALIDATION_FAILED` naming the failing fields.
 */
export function parseSessionEvent(value: unknown, where = 'event'): SessionEvent {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !KNOWN_TYPES.has(type)) {
    throw new InterviewKitError('UNKNOWN_EVENT', `Unknown event type "${type.slice(0, 60)}" in ${where}`, {
      details: { type: type.slice(0, 60) },
    });
  }
  const result = SessionEventSchema.safeParse(value);
  if (!result.success) throw validationError(where, result.error.issues, result.error);
  return result.data;
}

/**
 * Parses one line of a JSON-lines event log. `lineNumber` (1-based) is used in error messages.
 * Raises `MALFORMED_JSON`, `UNKNOWN_EVENT` or `VALIDATION_FAILED`.
 */
export function parseEventLine(line: string, lineNumber = 1): SessionEvent {
  if (line.length > MAX_EVENT_LINE_LENGTH) {
    throw new InterviewKitError('PAYLOAD_TOO_LARGE', `Event log line ${lineNumber} is longer than ${MAX_EVENT_LINE_LENGTH} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new InterviewKitError('MALFORMED_JSON', `Event log line ${lineNumber} is not valid JSON`, {
      cause,
      details: { line: lineNumber },
    });
  }
  return parseSessionEvent(value, `event log line ${lineNumber}`);
}

/** Serialises one event as a single JSON line (no trailing newline). */
export function serializeEvent(event: SessionEvent): string {
  return JSON.stringify(event);
}

/** Serialises a whole log as JSON lines, one event per line, with a trailing newline. */
export function serializeEventLog(events: Iterable<SessionEvent>): string {
  let out = '';
  for (const event of events) out += serializeEvent(event) + '\n';
  return out;
}

/** A line that could not be parsed, reported by the lenient parser. */
export interface RejectedEventLine {
  /** 1-based line number. */
  line: number;
  /** The typed error describing the problem. */
  error: InterviewKitError;
}

/** Options of {@link parseEventLog}. */
export interface ParseEventLogOptions {
  /**
   * `throw` (default): the first bad line raises its typed error.
   * `skip`: bad lines are collected in `rejected` and parsing goes on, so a damaged log still
   * yields every event that can be read.
   */
  onInvalidLine?: 'throw' | 'skip';
}

/** Result of {@link parseEventLog}. */
export interface ParsedEventLog {
  events: SessionEvent[];
  rejected: RejectedEventLine[];
}

/**
 * Parses a JSON-lines event log. Blank lines (and a `\r` before `\n`) are ignored.
 * Ordering is not checked here; {@link RunningStatistics} enforces it when folding.
 */
export function parseEventLog(text: string, options: ParseEventLogOptions = {}): ParsedEventLog {
  const events: SessionEvent[] = [];
  const rejected: RejectedEventLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    try {
      events.push(parseEventLine(line, i + 1));
    } catch (error) {
      if (options.onInvalidLine !== 'skip' || !InterviewKitError.isInstance(error)) throw error;
      rejected.push({ line: i + 1, error });
    }
  }
  return { events, rejected };
}

/**
 * Incremental JSON-lines decoder for logs that arrive in chunks (a file stream, stdin, a socket).
 * Feed text with {@link EventLogDecoder.push}; call {@link EventLogDecoder.end} at the end.
 */
export class EventLogDecoder {
  private buffer = '';
  private lineNumber = 0;
  private readonly onInvalidLine: 'throw' | 'skip';
  /** Lines rejected so far (only with `onInvalidLine: 'skip'`). */
  readonly rejected: RejectedEventLine[] = [];

  constructor(options: ParseEventLogOptions = {}) {
    this.onInvalidLine = options.onInvalidLine ?? 'throw';
  }

  /** Adds a chunk of text; returns the events of every line it completed. */
  push(chunk: string): SessionEvent[] {
    this.buffer += chunk;
    const out: SessionEvent[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      this.take(this.buffer.slice(0, newline), out);
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > MAX_EVENT_LINE_LENGTH) {
      throw new InterviewKitError('PAYLOAD_TOO_LARGE', `Event log line ${this.lineNumber + 1} is longer than ${MAX_EVENT_LINE_LENGTH} characters`);
    }
    return out;
  }

  /** Flushes the last line (one without a trailing newline). */
  end(): SessionEvent[] {
    const out: SessionEvent[] = [];
    if (this.buffer.length > 0) this.take(this.buffer, out);
    this.buffer = '';
    return out;
  }

  private take(raw: string, out: SessionEvent[]): void {
    this.lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    try {
      out.push(parseEventLine(line, this.lineNumber));
    } catch (error) {
      if (this.onInvalidLine !== 'skip' || !InterviewKitError.isInstance(error)) throw error;
      this.rejected.push({ line: this.lineNumber, error });
    }
  }
}
