import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addLocaleProfiles, parseLocaleProfiles } from '@xlnlu/text';

/** Environment variable naming a JSON file of extra locale profiles (same shape as libs/text/src/locale-profiles.json). */
export const LOCALE_PROFILES_ENV = 'XLNLU_LOCALE_PROFILES';

/**
 * Adds the profiles of `$XLNLU_LOCALE_PROFILES` to the table: a team's own locale without editing
 * the toolkit. Run when this library loads (index.ts), so every command, worker thread and child
 * process that reads data sees the same table. Errors name the file and the locale.
 */
export function addProfilesFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[LOCALE_PROFILES_ENV];
  if (!configured || configured.trim() === '') return undefined;
  const file = path.resolve(configured);
  if (!existsSync(file)) throw new Error(`${LOCALE_PROFILES_ENV}=${configured}: no such file`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  addLocaleProfiles(parseLocaleProfiles(json, file));
  return file;
}
