// Synthetic datasets for the ML tests (seeded, so every run sees the same data).
import { createRng } from '../../src/ml/prng.js';
import type { Dataset } from '../../src/ml/types.js';

export function names(d: number): string[] {
  return Array.from({ length: d }, (_, i) => `f${i}`);
}

/** XOR of the signs of two uniform features in [-1, 1], plus `noise` extra uniform features. */
export function xorData(rows: number, seed: number, noise = 2): Dataset {
  const rng = createRng(seed);
  const d = 2 + noise;
  const X = new Float64Array(rows * d);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < d; f++) X[r * d + f] = rng() * 2 - 1;
    y[r] = X[r * d] > 0 !== X[r * d + 1] > 0 ? 1 : 0;
  }
  return { rows, features: d, X, y, featureNames: names(d) };
}

export interface NoisyData extends Dataset {
  /** The true probability of each row (the best any model can do). */
  truth: Float64Array;
}

/**
 * A noisy nonlinear problem on 10 features (some with NaN), labels drawn from the logistic of
 * a known score shifted by `intercept` (more negative → rarer positives).
 */
export function noisyData(rows: number, seed: number, intercept = -1): NoisyData {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const d = 10;
  const X = new Float64Array(rows * d);
  const y = new Uint8Array(rows);
  const truth = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let f = 0; f < d; f++) X[o + f] = f === 7 ? Math.floor(rng() * 5) : gauss();
    if (rng() < 0.1) X[o + 2] = NaN;
    const x2 = Number.isNaN(X[o + 2]) ? 1.5 : X[o + 2];
    const z = intercept + 1.5 * X[o] - X[o + 1] * x2 + (X[o + 3] > 0.5 ? 1.2 : 0) + 0.8 * Math.sin(2 * X[o + 4]) + 0.4 * X[o + 7];
    truth[r] = 1 / (1 + Math.exp(-z));
    y[r] = rng() < truth[r] ? 1 : 0;
  }
  return { rows, features: d, X, y, featureNames: names(d), truth };
}
