/** A network computed NaN or ±Infinity: its weights are broken (a diverged or corrupt model). */
export class NonFiniteOutputError extends Error {
  constructor(what: string) {
    super(`the model's ${what} are not finite numbers (NaN or ±Infinity): its weights are broken; retrain it or restore a good copy`);
  }
}

/** Throws NonFiniteOutputError if any value is NaN or ±Infinity. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw new NonFiniteOutputError(what);
}
