import type { SessionEvent } from '@interviewkit/core';

/** A stretch of time in milliseconds since the session started. */
export interface Span {
  start: number;
  end: number;
}

/** A silence between two stretches of speech inside one answer. */
export interface Pause extends Span {
  /** Longer than {@link LONG_PAUSE_MS} (the server's long-pause threshold). */
  long: boolean;
}

/** One question of the session: when it was asked, and the candidate's turn. */
export interface QuestionMark {
  index: number;
  asked: number;
  /** The candidate's turn (from the end of the question to the end of the answer), if it started. */
  turn: Span | null;
}

/** What the timeline chart draws. */
export interface Timeline {
  /** Length of the session in ms. */
  duration: number;
  speech: Span[];
  pauses: Pause[];
  questions: QuestionMark[];
}

/** Silences shorter than this are not pauses (the metrics' 250 ms floor). */
export const MIN_PAUSE_MS = 250;
/** Silences longer than this are long pauses (the server's `long_pause` threshold). */
export const LONG_PAUSE_MS = 5000;

/**
 * The speech and pauses of a session from its event log (`GET /api/sessions/:id/events`):
 * `speech_start`/`speech_end` pairs become speech spans (one left open is closed at the end),
 * silences between two spans of the same answer become pauses, and `question_asked` /
 * `question_end` / `answer_complete` mark the questions and the candidate's turns.
 */
export function buildTimeline(events: readonly SessionEvent[]): Timeline {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const duration = Math.max(0, ...sorted.map((e) => e.t));
  const speech: Span[] = [];
  const questions = new Map<number, QuestionMark>();
  let open: number | null = null;
  let current: QuestionMark | null = null;
  for (const e of sorted) {
    switch (e.type) {
      case 'speech_start':
        if (open === null) open = e.t;
        break;
      case 'speech_end':
        if (open !== null) speech.push({ start: open, end: Math.max(open, e.t) });
        open = null;
        break;
      case 'question_asked':
        current = { index: e.index, asked: e.t, turn: null };
        questions.set(e.index, current);
        break;
      case 'question_end': {
        const q = questions.get(e.index) ?? current;
        if (q) q.turn = { start: e.t, end: duration };
        break;
      }
      case 'answer_complete': {
        const q = questions.get(e.index);
        if (q?.turn) q.turn.end = Math.max(q.turn.start, e.t);
        else if (q) q.turn = { start: q.asked, end: e.t };
        break;
      }
      default:
        break;
    }
  }
  if (open !== null) speech.push({ start: open, end: Math.max(open, duration) });

  const turns = [...questions.values()].flatMap((q) => (q.turn ? [q.turn] : []));
  const within = (a: number, b: number): boolean => turns.some((t) => a >= t.start && b <= t.end);
  const pauses: Pause[] = [];
  for (let i = 1; i < speech.length; i++) {
    const start = speech[i - 1]!.end;
    const end = speech[i]!.start;
    if (end - start >= MIN_PAUSE_MS && (turns.length === 0 || within(start, end))) pauses.push({ start, end, long: end - start > LONG_PAUSE_MS });
  }
  return { duration, speech, pauses, questions: [...questions.values()].sort((a, b) => a.index - b.index) };
}
