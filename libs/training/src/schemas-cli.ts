/** `npx nx run training:schemas`: writes the JSON Schemas of experiment and grid configs (config-json-schemas.ts). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-files.js';
import { configJsonSchemas, SCHEMA_DIRECTORY } from './config-json-schemas.js';

mkdirSync(SCHEMA_DIRECTORY, { recursive: true });
for (const [name, schema] of Object.entries(configJsonSchemas())) {
  const file = path.join(SCHEMA_DIRECTORY, `${name}.schema.json`);
  writeFileAtomic(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
