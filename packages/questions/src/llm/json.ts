// JSON repair of language-model replies is vendor-neutral and moved to @interviewkit/core, where
// every LanguageModel adapter can reach it; re-exported here so existing imports keep working.
export { extractJsonText, parseJsonWithSchema, parseLooseJson, repairJson, stripCodeFences } from '@interviewkit/core';
