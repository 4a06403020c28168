// Helpers for specs only (lint keeps them out of production code): import from @xlnlu/compute/testing.
export { nativeKernelsOrSkip } from './testing/native-or-skip.js';
