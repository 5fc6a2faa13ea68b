/**
 * Alternative expressions of the question bank's concepts (`c` of the bank entries in
 * `@interviewkit/questions`), keyed by concept name in lower case. A concept matches when any one
 * expression is found; words match through inflections and WordNet's derived forms, so list
 * each idea once in its plainest words.
 */
export const BANK_CONCEPT_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {};
