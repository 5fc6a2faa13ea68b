/** Longest answer text kept, in characters (the event log's limit). */
export const MAX_ANSWER_CHARS = 50_000;

/**
 * Assembles the text of one answer from speech-to-text output: every final segment in order,
 * plus the latest partial that arrived after the last final (words the recognizer has heard but
 * not finalized yet). Repeated phrases are kept: a candidate may really say the same thing twice,
 * and finals never overlap, so nothing is de-duplicated (the original's "ends-with" check
 * dropped genuine repeats).
 */
export class AnswerTranscript {
  private finals: string[] = [];
  private finalChars = 0;
  private pendingPartial = '';

  /** Adds a final segment. */
  addFinal(text: string): void {
    const trimmed = text.trim();
    this.pendingPartial = '';
    if (trimmed === '' || this.finalChars >= MAX_ANSWER_CHARS) return;
    this.finals.push(trimmed);
    this.finalChars += trimmed.length + 1;
  }

  /** Records the latest partial (replacing the previous partial). */
  setPartial(text: string): void {
    this.pendingPartial = text.trim();
  }

  /** Final segments joined so far. */
  get finalText(): string {
    return this.finals.join(' ');
  }

  /** Whether any final segment exists. */
  get hasFinal(): boolean {
    return this.finals.length > 0;
  }

  /** The answer as it stands: finals, then the pending partial. */
  text(): string {
    const parts = this.pendingPartial ? [...this.finals, this.pendingPartial] : this.finals;
    const joined = parts.join(' ');
    return joined.length > MAX_ANSWER_CHARS ? joined.slice(0, MAX_ANSWER_CHARS) : joined;
  }

  /** Clears everything for the next answer. */
  reset(): void {
    this.finals = [];
    this.finalChars = 0;
    this.pendingPartial = '';
  }
}
