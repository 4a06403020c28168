// Helpers for specs only (lint keeps them out of production code): import from @xlnlu/training/testing.
export { fixtureDataRoot } from './testing/fixture-data.js';
export { tinyJointModel, tinyNerModel } from './testing/fixture-model.js';
