import { tf, tfl } from '@xlnlu/compute/browser';
import { chooseLocale, createTextPipeline, isLocale, type Locale, type TextPipeline } from '@xlnlu/data/browser';
import { jointBatchTensors, JointNetwork } from '@xlnlu/models';
import {
  JOINT_FORMAT,
  JointReader,
  jointVocabularies,
  textParse,
  Views,
  type JointMetadata,
  type TextParse,
} from '@xlnlu/training/browser';

/** A parse in the page: what the server answers, without its timing. */
export interface BrowserParse extends TextParse {
  locale: Locale;
}

/**
 * Parses texts in a browser with a trained joint model, as the server does (apps/serve): the
 * locale's tokenizer, the model's reader (JointReader, shared with training), the network on
 * TensorFlow.js (its custom layers registered by importing @xlnlu/models), Viterbi, and slots as
 * character offsets (textParse). The run directory is read over HTTP: `config.json` for its
 * locales, `model/metadata.json` and the Layers model `model/model.json` (+ `model.bin`), which
 * plain `tf.loadLayersModel` loads.
 */
export class BrowserParser {
  private constructor(
    readonly name: string,
    readonly locales: Locale[],
    private readonly reader: JointReader,
    private readonly network: JointNetwork,
    private readonly pipelines: Map<Locale, TextPipeline>,
  ) {}

  /** `runUrl`: where the run directory is served; `kuromojiDictionary`: the URL of kuromoji's dictionary, for ja-JP. */
  static async load(runUrl: string, options: { kuromojiDictionary?: string } = {}): Promise<BrowserParser> {
    const json = async <T>(file: string): Promise<T> => {
      const response = await fetch(`${runUrl}/${file}`);
      if (!response.ok) throw new Error(`${runUrl}/${file}: HTTP ${response.status}`);
      return (await response.json()) as T;
    };
    const config = await json<{ name: string; data: { trainLocales: string[] } }>('config.json');
    const metadata = await json<JointMetadata>('model/metadata.json');
    if (metadata.format !== JOINT_FORMAT)
      throw new Error(
        `${runUrl}: the browser parse reads joint models (${JOINT_FORMAT}); this run's model is ${JSON.stringify(metadata.format)}`,
      );
    const locales = config.data.trainLocales.filter(isLocale);
    const views = new Views();
    const reader = new JointReader(jointVocabularies(metadata, `${runUrl}/model/metadata.json`), views);
    await reader.prepare(locales);
    const network = JointNetwork.fromModel(await tfl.loadLayersModel(`${runUrl}/model/model.json`));
    const pipelines = new Map<Locale, TextPipeline>();
    for (const locale of locales)
      pipelines.set(locale, await createTextPipeline(locale, { kuromojiDictionary: options.kuromojiDictionary }));
    return new BrowserParser(config.name, locales, reader, network, pipelines);
  }

  /** The parse of `text`, in `locale` or in the served locale its script says. */
  parse(text: string, locale?: string): BrowserParse {
    const chosen = locale ?? chooseLocale(text, this.locales)?.locale;
    if (chosen === undefined) throw new Error(`no locale of this model (${this.locales.join(', ')}) is written in this text's script`);
    const pipeline = this.pipelines.get(chosen);
    if (!pipeline) throw new Error(`this model does not read ${chosen}; it reads ${this.locales.join(', ')}`);
    const tokens = pipeline.tokenizer.tokenize(text);
    if (tokens.length === 0) throw new Error('the text has no words to parse');
    const examples = [this.reader.encode({ tokens, locale: chosen })];
    const batch = jointBatchTensors(this.reader.hostBatch(examples, false));
    try {
      const [prediction] = this.reader.readPredictions(this.network.predict(batch), examples);
      return { locale: chosen, ...textParse(text, tokens, prediction!) };
    } finally {
      tf.dispose(Object.values(batch));
    }
  }
}
