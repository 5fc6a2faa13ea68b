// Lets a child process run the TypeScript sources directly (node --experimental-transform-types
// --conditions=@interviewkit/source --import <this file>): extensionless relative imports
// resolve to `.ts` or `/index.ts`, as the bundler resolution of the build does.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!(specifier.startsWith('.') || specifier.startsWith('/')) || !['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(error?.code)) throw error;
    for (const suffix of ['.ts', '/index.ts']) {
      try {
        return await next(specifier + suffix, context);
      } catch {}
    }
    throw error;
  }
}
`),
  import.meta.url,
);
