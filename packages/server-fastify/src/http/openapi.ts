import { ERROR_SCHEMA_TITLE } from './route';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Defines the `{ error: { code, message } }` schema once, as `components.schemas.ErrorResponse`,
 * and points every error response of the document at it. Routes carry the schema inline (marked
 * by its title), so the plugin's routes document their errors in any host's OpenAPI document too;
 * the reference server's own document (`/openapi.json`) is this shared form.
 */
export function shareErrorSchema<T extends Json>(document: T): T {
  let shared: Json | undefined;
  for (const path of Object.values(isObject(document.paths) ? document.paths : {})) {
    for (const operation of Object.values(isObject(path) ? path : {})) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) {
        if (!isObject(response) || !isObject(response.content)) continue;
        for (const media of Object.values(response.content)) {
          if (isObject(media) && isObject(media.schema) && media.schema.title === ERROR_SCHEMA_TITLE) {
            shared ??= media.schema;
            media.schema = { $ref: `#/components/schemas/${ERROR_SCHEMA_TITLE}` };
          }
        }
      }
    }
  }
  if (!shared) return document;
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  return { ...document, components: { ...components, schemas: { ...schemas, [ERROR_SCHEMA_TITLE]: shared } } };
}
