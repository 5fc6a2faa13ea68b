#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { InterviewKitError } from '@interviewkit/core';
import { runMetrics } from './run-metrics';

const USAGE = `Usage: interviewkit-metrics [--json] [--skip-invalid] [FILE]

Reads a session event log (JSON lines; FILE, or standard input when FILE is - or absent) and
prints InterviewKit's research metrics as a table, or as JSON with --json.
  --skip-invalid  report and skip lines that cannot be parsed (default: stop at the first)`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => !['--json', '--skip-invalid', '--help'].includes(f));
  if (flags.has('--help') || unknown.length > 0 || args.length > 1) {
    process.stderr.write(`${unknown.length ? `Unknown option ${unknown[0]}\n` : ''}${USAGE}\n`);
    return flags.has('--help') ? 0 : 2;
  }
  const file = args[0];
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
  try {
    const run = await runMetrics(input as AsyncIterable<Uint8Array>, {
      format: flags.has('--json') ? 'json' : 'table',
      skipInvalid: flags.has('--skip-invalid'),
    });
    process.stdout.write(run.output + '\n');
    for (const r of run.rejected) process.stderr.write(`skipped line ${r.line}: ${r.error.code}: ${r.error.message}\n`);
    return 0;
  } catch (error) {
    if (InterviewKitError.isInstance(error)) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`error: no such file ${file}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
