import { defaultClientConditions, defaultServerConditions } from 'vite';

/**
 * Workspace packages export their TypeScript sources under the `@interviewkit/source`
 * condition, so tests run against `src/` without a build and see changes at once.
 */
export const sourceConditions = {
  resolve: { conditions: ['@interviewkit/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@interviewkit/source', ...defaultServerConditions] } },
};
