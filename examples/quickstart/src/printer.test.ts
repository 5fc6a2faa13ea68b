import { describe, expect, it } from 'vitest';
import { createPrinter } from './printer';

function target(isTTY: boolean, columns = 40): { out: string[]; write(text: string): void; isTTY: boolean; columns: number } {
  const out: string[] = [];
  return { out, write: (text) => void out.push(text), isTTY, columns };
}

describe('quickstart printer', () => {
  it('rewrites one line in place on a terminal, and clears it before the next line', () => {
    const t = target(true);
    const p = createPrinter(t);
    p.line('Q1. What is a process?');
    p.live('    … A process');
    p.live('    … A process is a running program');
    p.line('    ✔ A process is a running program.');
    expect(t.out).toEqual([
      'Q1. What is a process?\n',
      '\r\x1b[2K    … A process',
      '\r\x1b[2K    … A process is a running program',
      '\r\x1b[2K',
      '    ✔ A process is a running program.\n',
    ]);
    // One terminal line for all the partials: no newline until the final line.
    expect(t.out.slice(1, 3).join('')).not.toContain('\n');
  });

  it('cuts a live line to the terminal width, keeping its end', () => {
    const t = target(true, 21);
    createPrinter(t).live('    … one two three four five six');
    expect(t.out[0]).toBe('\r\x1b[2K…three four five six');
    expect([...t.out[0]!.replace('\r\x1b[2K', '')].length).toBe(20);
  });

  it('prints plain lines, without escape codes, when not on a terminal', () => {
    const t = target(false);
    const p = createPrinter(t);
    p.live('    … A process');
    p.live('    … A process is');
    p.line('    ✔ A process is a program.');
    expect(t.out).toEqual(['    … A process\n', '    … A process is\n', '    ✔ A process is a program.\n']);
    expect(t.out.join('')).not.toContain('\x1b');
  });
});
