import { join } from 'node:path';

const src = join(import.meta.dirname, '..');

/**
 * Node arguments that run one of the server's TypeScript sources (`src/<entry>`) directly: type
 * stripping, the workspace's source condition and the test loader.
 */
export function sourceNodeArgs(entry: string, args: readonly string[] = []): string[] {
  return [
    '--experimental-transform-types',
    '--no-warnings',
    '--conditions=@interviewkit/source',
    '--import',
    join(src, '__fixtures__/ts-loader.mjs'),
    join(src, entry),
    ...args,
  ];
}

/** This process's environment without `keys` (so a child sees only the configuration a test gives it). */
export function envWithout(keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !keys.includes(e[0])));
}
