// The union package: tfjs-core alone registers no gradients (and its gradient module is ES-module
// only, which Node cannot load from the CommonJS build), so take the package that registers them.
export * as tf from '@tensorflow/tfjs';

// The Layers API (layers, models, initializers, serialization) as its own namespace: the same
// module the union re-exports, named as the models library writes it.
export * as tfl from '@tensorflow/tfjs-layers';
