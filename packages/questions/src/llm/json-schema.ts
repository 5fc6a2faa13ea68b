// Moved to @interviewkit/core (used by every LanguageModel adapter); re-exported for existing imports.
export { jsonSchemaForOutput } from '@interviewkit/core';
