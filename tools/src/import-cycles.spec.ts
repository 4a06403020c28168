import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const CHECK = 'tools/check-import-cycles.mjs';

describe('the import-cycle check (npm test runs it on the workspace)', function () {
  this.timeout(60_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-cycles-'));
  const files = (name: string, sources: Record<string, string>) => {
    const directory = path.join(work, name);
    mkdirSync(directory);
    for (const [file, source] of Object.entries(sources)) writeFileSync(path.join(directory, file), source);
    return `${directory}/*.ts`;
  };
  const check = (glob: string) => spawnSync(process.execPath, [CHECK, glob], { encoding: 'utf8' });

  it('fails on two modules that import each other, even for types only', () => {
    const glob = files('circle', {
      'loop.ts': "import type { State } from './checkpoint.js';\nexport interface Record { state: State }\n",
      'checkpoint.ts': "import type { Record } from './loop.js';\nexport interface State { records: Record[] }\n",
    });
    const run = check(glob);
    expect(run.status).to.equal(1);
    expect(stripVTControlCharacters(run.stdout), 'the circle, colours aside').to.match(
      /loop\.ts -> .*checkpoint\.ts|checkpoint\.ts -> .*loop\.ts/,
    );
  });

  it('passes when the shared type has a home of its own', () => {
    const glob = files('home', {
      'state.ts': 'export interface Record { epoch: number }\nexport interface State { records: Record[] }\n',
      'loop.ts': "import type { State } from './state.js';\nexport const epochs = (s: State) => s.records.length;\n",
      'checkpoint.ts': "import type { State } from './state.js';\nexport const last = (s: State) => s.records.at(-1);\n",
    });
    expect(check(glob).status).to.equal(0);
  });
});
