import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { suggestion } from '@xlnlu/data';
import type { ModelFamily } from '../model-family.js';
import { jointBilstmCrf } from './joint-bilstm-crf/family.js';
import { maxentNlu } from './maxent-nlu/family.js';
import { nerBilstm } from './ner-bilstm/family.js';

const families = new Map<string, ModelFamily>();

/** Adds a family; its `type` is what experiment configs name in `model.type`. */
export function registerFamily<C extends { type: string }>(family: ModelFamily<C>): void {
  const existing = families.get(family.type);
  if (existing && existing !== (family as unknown as ModelFamily)) throw new Error(`a model family "${family.type}" is registered already`);
  families.set(family.type, family as unknown as ModelFamily);
}

// The registry: one line per family that ships with the toolkit (their model classes are exported
// below for the benchmark and for direct use).
registerFamily(maxentNlu);
registerFamily(jointBilstmCrf);
registerFamily(nerBilstm);

/** The registered families' types, in registration order. */
export const familyTypes = (): string[] => [...families.keys()];

/** The family of a `model.type`; an unknown one is an error suggesting the nearest registered type. */
export function familyOf(type: string, where = 'model.type'): ModelFamily {
  const family = families.get(type);
  if (!family)
    throw new Error(
      `${where}: unknown model type ${JSON.stringify(type)}${suggestion(type, familyTypes())}; expected one of ${familyTypes().join(', ')}`,
    );
  return family;
}

/** The environment variable naming modules that register families of a team's own (comma-separated paths). */
export const FAMILIES_ENV = 'XLNLU_FAMILIES';

/**
 * Imports the modules $XLNLU_FAMILIES names (paths relative to the working directory), each of
 * which calls registerFamily: families of a team's own, without editing the toolkit. Every command
 * calls it before reading a config; child processes inherit the variable.
 */
export async function includeFamilies(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const module of (env[FAMILIES_ENV] ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)) {
    try {
      await import(pathToFileURL(path.resolve(module)).href);
    } catch (error) {
      throw new Error(`$${FAMILIES_ENV}: cannot load ${module}: ${(error as Error).message}`);
    }
  }
}

export { JointBilstmCrf } from './joint-bilstm-crf/joint-bilstm-crf.js';
export type { JointBilstmCrfConfig } from './joint-bilstm-crf/config.js';
export { MaxEntNlu } from './maxent-nlu/maxent-nlu.js';
export type { MaxEntNluConfig } from './maxent-nlu/config.js';
export { NerBilstm } from './ner-bilstm/ner-bilstm.js';
export type { NerBilstmConfig } from './ner-bilstm/config.js';
