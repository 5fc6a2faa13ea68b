import * as z from 'zod';
import type { TranscriptWord } from '@interviewkit/core';

/** The fields of a v3 `Turn` message this adapter relies on (validated: the service is a boundary). */
export const AssemblyAITurnSchema = z.object({
  type: z.literal('Turn'),
  turn_order: z.number().int().nonnegative(),
  turn_is_formatted: z.boolean(),
  end_of_turn: z.boolean(),
  transcript: z.string(),
  words: z.array(
    z.object({
      start: z.number().nonnegative(),
      end: z.number().nonnegative(),
      text: z.string(),
      confidence: z.number().optional(),
      word_is_final: z.boolean().optional(),
    }),
  ),
});

/** A validated `Turn` message. */
export type AssemblyAITurn = z.infer<typeof AssemblyAITurnSchema>;

/** The turn's words in stream time (ms): `offsetMs` places a reconnected session on the stream's timeline. */
export function turnWords(turn: AssemblyAITurn, offsetMs: number): TranscriptWord[] {
  return turn.words
    .filter((w) => w.text.trim() !== '')
    .map((w) => ({
      text: w.text,
      start: Math.round(offsetMs + w.start),
      end: Math.round(offsetMs + Math.max(w.start, w.end)),
      ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
    }));
}

/** A partial's text: every word heard so far (the `transcript` field only holds the finalized ones). */
export function partialText(turn: AssemblyAITurn): string {
  const words = turn.words.map((w) => w.text.trim()).filter(Boolean);
  return words.length > 0 ? words.join(' ') : turn.transcript.trim();
}
