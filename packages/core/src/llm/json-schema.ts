import * as z from 'zod';

/**
 * The JSON Schema of a zod schema as structured outputs accept it (output types, no `$schema`
 * key; parts JSON Schema cannot represent become "any" — the zod schema still validates them).
 */
export function jsonSchemaForOutput(schema: z.ZodType): Record<string, unknown> {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  } catch {
    json = { type: 'object' };
  }
  const { $schema: _ignored, ...rest } = json;
  return rest;
}
