// Helpers for specs only (lint keeps them out of production code): import from @xlnlu/models/testing.
export { smallJointNetworkConfig } from './testing/joint-network-config.js';
export { expectGradientsClose, maxDifference, tfjsGradients } from './testing/host-parity.js';
