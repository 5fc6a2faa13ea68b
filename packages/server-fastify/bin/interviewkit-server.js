#!/usr/bin/env node
// The `interviewkit-server` command. This file exists before the build, so package managers can
// link the command at install time; the server itself is the built dist/bin.js.
import('../dist/bin.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('interviewkit-server is not built yet: run `pnpm build` (or `pnpm start` at the repository root)\n');
    process.exit(1);
  }
  throw error;
});
