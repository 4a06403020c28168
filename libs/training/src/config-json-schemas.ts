import { z } from 'zod';
import { experimentConfigSchema } from './experiment-config.js';
import { familyOf, familyTypes } from './families/registry.js';
import { gridConfigSchema } from './grid-config.js';

/** Where the generated JSON Schemas live; shipped configs name them in `$schema`. */
export const SCHEMA_DIRECTORY = 'experiments/schemas';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown> };

const toJson = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

/** Lets a config name its schema: editors read `$schema`, the toolkit ignores it. */
const withSchemaKey = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  properties: { $schema: { type: 'string', description: 'the JSON Schema this file follows (for editors)' }, ...schema.properties },
});

/**
 * JSON Schemas of experiment and grid configs, generated from the zod schemas the toolkit
 * validates with, for editors (completion, inline errors); `model` is one of the registered
 * families' schemas. `npx nx run training:schemas` writes them; a spec checks they are current.
 */
export function configJsonSchemas(): { experiment: JsonSchema; grid: JsonSchema } {
  const experiment = withSchemaKey(toJson(experimentConfigSchema));
  const families = familyTypes().map((type) => {
    const schema = toJson(familyOf(type).schema);
    delete schema['$schema'];
    return schema;
  });
  experiment.properties = { ...experiment.properties, model: { oneOf: families } };
  return {
    experiment: { title: 'xlnlu experiment config', ...experiment },
    grid: { title: 'xlnlu grid config', ...withSchemaKey(toJson(gridConfigSchema)) },
  };
}
