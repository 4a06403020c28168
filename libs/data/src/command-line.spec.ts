import { expect } from 'chai';
import { helpText, parseCommandLine } from './command-line.js';

describe('command line', () => {
  const command = {
    usage: 'npx nx run x:y -- [options]',
    summary: 'Does a thing.',
    options: {
      config: { type: 'string' as const, default: 'a.json', help: 'the config file' },
      set: { type: 'string' as const, multiple: true as const, default: [] as string[], help: 'an override' },
      force: { type: 'boolean' as const, default: false, help: 'start clean' },
    },
  };

  it('lists usage, summary and every option with its default', () => {
    expect(helpText(command).split('\n')).to.deep.equal([
      'usage: npx nx run x:y -- [options]',
      '',
      'Does a thing.',
      '',
      'options:',
      '  --config=<value>  the config file (default: a.json)',
      '  --set=<value> …   an override',
      '  --force           start clean',
      '  --help            print this help and exit',
    ]);
  });

  it('parses as parseArgs does, with the values typed by the options', () => {
    const { values } = parseCommandLine(command, ['--config=b.json', '--set', 'a=1', '--set', 'b=2', '--force']);
    const config: string = values.config;
    const set: string[] = values.set;
    const force: boolean = values.force;
    expect([config, set, force]).to.deep.equal(['b.json', ['a=1', 'b=2'], true]);
    expect(parseCommandLine(command, []).values).to.deep.equal({ config: 'a.json', set: [], force: false });
  });
});
