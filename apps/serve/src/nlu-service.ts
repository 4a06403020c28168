import { existsSync } from 'node:fs';
import path from 'node:path';
import { chooseLocale, createTextPipeline, isLocale, readableIn, unknownLocaleMessage, type Locale, type TextPipeline } from '@xlnlu/data';
import { familyOf, readExperimentConfig, textParse, type TextParse, type TrainedModel } from '@xlnlu/training';

/** The run `npx nx run train:train -- --config=experiments/joint-bilstm-crf-en-US.json` writes. */
export const DEFAULT_MODEL = path.join('runs', 'joint-bilstm-crf-en-US');

const WORD = /[\p{L}\p{N}]/u;

/** Whether a text holds a letter or a digit at all (punctuation, emoji and control characters do not count). */
export const hasWordCharacters = (text: string): boolean => WORD.test(text);

/** A request the service cannot answer, with the HTTP status that says why. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ParseResult extends TextParse {
  locale: Locale;
  /** "request", or the script the locale was read from ("script: latin"). */
  localeFrom: string;
  latencyMs: number;
}

/** A served model as clients see it: its name and locales (never its path on the server). */
export interface ModelDescription {
  name: string;
  locales: Locale[];
}

/** How long a served model took to load at start (the /metrics gauge). */
export interface ModelLoad {
  name: string;
  seconds: number;
}

/** What the HTTP server needs of whatever parses: NluService on the event loop, or ParsePool in threads. */
export interface Parser {
  readonly locales: Locale[];
  describe(): ModelDescription[];
  loads(): ModelLoad[];
  parse(text: string, locale?: string): ParseResult | Promise<ParseResult>;
  /** Frees the models (and the pool's threads). */
  dispose(): void | Promise<void>;
}

interface ServedModel extends ModelDescription {
  run: string;
  model: TrainedModel;
  loadSeconds: number;
}

/**
 * The models that run directories hold, read from their configs (nothing loaded): any family's
 * trained run. The locales served are those of all of them, in order.
 */
export function servedModels(runDirectories: readonly string[]): (ModelDescription & { run: string; type: string })[] {
  if (runDirectories.length === 0) throw new Error('no model given: pass the run directory of a trained model (--model=runs/<name>)');
  return runDirectories.map((run) => {
    const configFile = path.join(run, 'config.json');
    if (!existsSync(configFile)) {
      throw new Error(
        `${run} is not a run directory: it has no config.json (train one with npx nx run train:train -- --config=experiments/joint-bilstm-crf-en-US.json, or pass --model=<run directory>)`,
      );
    }
    const config = readExperimentConfig(configFile);
    return { run, type: config.model.type, name: config.name, locales: config.data.trainLocales };
  });
}

/** The locales a list of models serves, each once, in order. */
export const localesOf = (models: readonly ModelDescription[]): Locale[] => [...new Set(models.flatMap((m) => m.locales))];

/**
 * Parses utterances with one or more trained models of any family (run directories). Each locale is served
 * by the first model trained on it; a text without a locale gets one from its script.
 */
export class NluService implements Parser {
  private constructor(
    private readonly models: ServedModel[],
    private readonly pipelines: Map<Locale, TextPipeline>,
  ) {}

  static async load(runDirectories: readonly string[], log: (line: string) => void = () => undefined): Promise<NluService> {
    const models: ServedModel[] = [];
    for (const served of servedModels(runDirectories)) {
      const started = performance.now();
      const model = await familyOf(served.type).load(path.join(served.run, 'model'));
      await model.prepare?.(served.locales);
      const loadSeconds = (performance.now() - started) / 1_000;
      models.push({ run: served.run, name: served.name, locales: served.locales, model, loadSeconds });
      log(`loaded ${served.name} (${served.locales.join(', ')}) from ${served.run}`);
    }
    const pipelines = new Map<Locale, TextPipeline>();
    for (const locale of localesOf(models)) pipelines.set(locale, await createTextPipeline(locale));
    return new NluService(models, pipelines);
  }

  get locales(): Locale[] {
    return [...this.pipelines.keys()];
  }

  /** What the server tells clients about its models: names and locales, not paths on the server. */
  describe(): ModelDescription[] {
    return this.models.map(({ name, locales }) => ({ name, locales }));
  }

  loads(): ModelLoad[] {
    return this.models.map(({ name, loadSeconds }) => ({ name, seconds: loadSeconds }));
  }

  parse(text: string, requestedLocale?: string): ParseResult {
    const started = performance.now();
    // JSON can carry a lone UTF-16 surrogate ("\ud800"); no tokenizer reads it, and the reply could not encode it
    const lone = text.search(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    if (lone >= 0) throw new RequestError(400, `the text is not well-formed Unicode: a lone surrogate at offset ${lone}`);
    let locale: Locale;
    let localeFrom: string;
    if (requestedLocale !== undefined) {
      if (!isLocale(requestedLocale))
        throw new RequestError(400, `${unknownLocaleMessage(requestedLocale)}; served: ${this.locales.join(', ')}`);
      if (!this.pipelines.has(requestedLocale))
        throw new RequestError(422, `no model serves ${requestedLocale}; served: ${this.locales.join(', ')}`);
      if (!readableIn(text, requestedLocale))
        throw new RequestError(422, `the text is written in a script the ${requestedLocale} model does not read`);
      locale = requestedLocale;
      localeFrom = 'request';
    } else {
      const chosen = chooseLocale(text, this.locales);
      if (!chosen)
        throw new RequestError(
          422,
          `no served locale is written in this text's script; served: ${this.locales.join(', ')} (give "locale" to choose one)`,
        );
      locale = chosen.locale;
      localeFrom = `script: ${chosen.script}`;
    }
    if (!hasWordCharacters(text)) throw new RequestError(422, 'the text has no words to parse (no letters or digits)');
    const tokens = this.pipelines.get(locale)!.tokenizer.tokenize(text);
    if (tokens.length === 0) throw new RequestError(422, 'the text has no words to parse');
    const served = this.models.find((m) => m.locales.includes(locale))!;
    const [prediction] = served.model.predictRecords([{ tokens, locale }]);
    return { locale, localeFrom, ...textParse(text, tokens, prediction!), latencyMs: performance.now() - started };
  }

  dispose(): void {
    for (const { model } of this.models) model.dispose?.();
  }
}
