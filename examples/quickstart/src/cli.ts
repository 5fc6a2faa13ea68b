#!/usr/bin/env node
import { runQuickstart } from './quickstart';

// `interviewkit-quickstart [--topic dbms] [--speed 2]`
const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

try {
  const topic = value('--topic');
  const speed = value('--speed');
  await runQuickstart({ ...(topic ? { topic } : {}), ...(speed ? { speed: Number(speed) } : {}) });
} catch (error) {
  console.error(error instanceof Error ? `${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}` : error);
  process.exitCode = 1;
}
