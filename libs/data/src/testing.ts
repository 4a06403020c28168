// Helpers for specs only (lint keeps them out of production code): import from @xlnlu/data/testing.
export { sharedDataRootOrSkip } from './testing/shared-data.js';
