import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { planGrid, readGridConfig } from '@xlnlu/training';
import { study3GridText } from './study3-grid.js';

describe('Study 3 grids (written by study3-grid.ts)', () => {
  for (const quick of [false, true]) {
    it(`the committed ${quick ? 'quick' : 'full'} grid is what the generator writes, and plans`, async () => {
      const { file, text } = await study3GridText({ quick });
      expect(readFileSync(file, 'utf8'), `${file}: run npx tsx apps/experiments/src/study3-grid.ts`).to.equal(text);
      const plan = planGrid(readGridConfig(file), '/tmp/study3');
      // every transfer source comes before the runs that use it
      const seen = new Set<string>();
      for (const run of plan) {
        for (const source of run.after) expect(seen.has(source), `${run.id} after ${source}`).to.equal(true);
        seen.add(run.id);
      }
      const ids = plan.map((run) => run.id);
      expect(ids).to.include(quick ? 'xfer-vec-es-ES-200-s0' : 'xfer-vec-ft4-ja-JP-2000-s2');
      if (!quick) expect(ids.filter((id) => id.startsWith('mono-vec-hi-IN-all-'))).to.deep.equal(['mono-vec-hi-IN-all-s0']);
    });
  }
});
