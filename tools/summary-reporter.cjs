// Mocha reporter: mocha's spec output, then the plain "N passed, N failed" line CI reads.
// Each project's counts are also written to dist/test-results/<project>.json so that
// tools/run-tests.mjs can print one total for the whole workspace.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const project = process.env.NX_TASK_TARGET_PROJECT || path.basename(process.cwd());
      const dir = path.join(__dirname, '..', 'dist', 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${project}.json`), JSON.stringify({ project, passes, failures, pending }) + '\n');
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    });
  }
}

module.exports = SummaryReporter;
