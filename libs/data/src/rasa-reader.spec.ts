import { expect } from 'chai';
import { WordTokenizer } from '@xlnlu/text';
import { tempFile } from './testing/temp-file.js';
import { parseRasaExample, readRasaYaml } from './rasa-reader.js';

describe('Rasa NLU YAML', () => {
  const tokenizer = new WordTokenizer();

  it('reads [value](entity), [value](entity:synonym) and [value]{"entity": …} into spans over the plain text', () => {
    expect(parseRasaExample('wake me at [7 am](time) on [monday](date:2024-01-01)')).to.deep.equal({
      text: 'wake me at 7 am on monday',
      slots: [
        { type: 'time', start: 11, end: 15 },
        { type: 'date', start: 19, end: 25 },
      ],
    });
    expect(parseRasaExample('play [jazz]{"entity": "genre", "role": "x"}').slots).to.deep.equal([{ type: 'genre', start: 5, end: 9 }]);
  });

  it('refuses broken markup, saying what was expected', () => {
    expect(() => parseRasaExample('hi [there')).to.throw(/unclosed "\[" at column 4: expected \[value\]\(entity\)/);
    expect(() => parseRasaExample('hi [there] you')).to.throw(/\[there\] at column 4 is not followed by \(entity\)/);
    expect(() => parseRasaExample('hi [there](person')).to.throw(/unclosed "\("/);
    expect(() => parseRasaExample('hi [there]{entity: x}')).to.throw(/is not JSON/);
    expect(() => parseRasaExample('hi [](person)')).to.throw(/empty entity value/);
  });

  it('gives each example its line, intent and tags; skips synonym items; names file and line of a bad example', () => {
    const good = tempFile(
      'good.yml',
      'version: "3.1"\nnlu:\n- synonym: nyc\n  examples: |\n    - new york\n- intent: weather\n  examples: |\n    - rain in [new york](city)\n\n    - sun\n',
    );
    const { examples } = readRasaYaml(good, { tokenizer });
    expect(examples.map((e) => [e.id, e.intent, e.text, e.tags])).to.deep.equal([
      ['weather:8', 'weather', 'rain in new york', ['O', 'O', 'B-city', 'I-city']],
      ['weather:10', 'weather', 'sun', ['O']],
    ]);
    const bad = tempFile('bad.yml', 'nlu:\n- intent: weather\n  examples: |\n    - rain in [new york(city)\n');
    expect(() => readRasaYaml(bad, { tokenizer })).to.throw(/bad\.yml:4 \(record weather:4\): unclosed "\[" at column 9/);
    expect(readRasaYaml(bad, { tokenizer, skipInvalid: true }).skipped).to.have.length(1);
    expect(() => readRasaYaml(tempFile('none.yml', 'intents:\n- greet\n'), { tokenizer })).to.throw(
      /none\.yml: expected a top-level "nlu:" list/,
    );
    expect(() => readRasaYaml(tempFile('broken.yml', 'nlu:\n- intent: x\n  examples: [\n'), { tokenizer })).to.throw(
      /broken\.yml:\d+: not valid YAML/,
    );
  });
});
