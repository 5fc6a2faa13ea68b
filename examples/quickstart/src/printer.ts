/** A stream the quickstart prints to: a terminal (`isTTY`, `columns`) or anything else. */
export interface PrintTarget {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** How the quickstart prints: lines, and a live line that is replaced as it changes. */
export interface Printer {
  /** Prints a line (after clearing the live line, on a terminal). */
  line(text: string): void;
  /** Shows `text` as the live line: one line rewritten in place on a terminal, a plain line otherwise. */
  live(text: string): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * On a terminal, live partial transcripts rewrite one line in place (cut to the terminal's width,
 * since a wrapped line cannot be rewritten); elsewhere (a pipe, a file, CI logs) every update is a
 * plain line of its own, without escape codes.
 */
export function createPrinter(target: PrintTarget): Printer {
  if (!target.isTTY) {
    return { line: (text) => target.write(`${text}\n`), live: (text) => target.write(`${text}\n`) };
  }
  let showing = false;
  const clear = (): void => {
    if (showing) target.write(CLEAR_LINE);
    showing = false;
  };
  return {
    line(text) {
      clear();
      target.write(`${text}\n`);
    },
    live(text) {
      const width = Math.max(20, (target.columns ?? 80) - 1);
      const chars = [...text];
      target.write(`${CLEAR_LINE}${chars.length > width ? `…${chars.slice(chars.length - width + 1).join('')}` : text}`);
      showing = true;
    },
  };
}

/** A printer that hands every line and live update to `print` as a line (tests, embedding). */
export function linePrinter(print: (line: string) => void): Printer {
  return { line: print, live: print };
}
