// tfjs-core on its own registers no gradients (the @tensorflow/tfjs union package does, but also
// pulls in the WebGL backend): register them here, once, for every user of `tf`.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

export * as tf from '@tensorflow/tfjs-core';
