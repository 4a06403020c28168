/** `npx nx run training:schemas`: writes the JSON Schemas of experiment and grid configs (config-json-schemas.ts), formatted as the repository's format check wants them. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { writeFileAtomic } from './atomic-files.js';
import { configJsonSchemas, SCHEMA_DIRECTORY } from './config-json-schemas.js';

mkdirSync(SCHEMA_DIRECTORY, { recursive: true });
for (const [name, schema] of Object.entries(configJsonSchemas())) {
  const file = path.join(SCHEMA_DIRECTORY, `${name}.schema.json`);
  const text = await prettier.format(JSON.stringify(schema, null, 2), { ...(await prettier.resolveConfig(file)), filepath: file });
  writeFileAtomic(file, text);
  console.log(`wrote ${file}`);
}
