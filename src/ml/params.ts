// Training parameters: defaults and range checks for GbdtOptions (also used to read the params
// stored in a model file).

import type { GbdtOptions, GbdtParams } from './types.js';

function num(options: GbdtOptions, key: keyof GbdtOptions, dflt: number, ok: (v: number) => boolean, rule: string): number {
  const v = options[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !ok(v)) throw new RangeError(`option ${key} must be ${rule}, got ${String(v)}`);
  return v;
}

/** Applies defaults and checks ranges; `positives`/`negatives` resolve scalePosWeight 'auto'. */
export function resolveParams(options: GbdtOptions, positives: number, negatives: number): GbdtParams {
  const int = (v: number) => Number.isInteger(v);
  const cap = num(options, 'maxScalePosWeight', 100, (v) => v >= 1, '>= 1');
  let spw: number;
  const raw = options.scalePosWeight ?? 'auto';
  if (raw === 'auto') spw = positives > 0 && negatives > 0 ? Math.min(cap, Math.max(1, negatives / positives)) : 1;
  else spw = num(options, 'scalePosWeight', 1, (v) => v > 0 && Number.isFinite(v), "a positive number or 'auto'");
  const metric = options.earlyStoppingMetric ?? 'logloss';
  if (metric !== 'logloss' && metric !== 'pr-auc') throw new RangeError(`option earlyStoppingMetric must be 'logloss' or 'pr-auc', got ${String(metric)}`);
  return {
    nTrees: num(options, 'nTrees', 100, (v) => int(v) && v >= 1, 'an integer >= 1'),
    learningRate: num(options, 'learningRate', 0.1, (v) => v > 0 && v <= 10, 'in (0, 10]'),
    maxDepth: num(options, 'maxDepth', 6, (v) => int(v) && v >= 1 && v <= 30, 'an integer in 1…30'),
    maxBins: num(options, 'maxBins', 255, (v) => int(v) && v >= 2 && v <= 256, 'an integer in 2…256'),
    minChildWeight: num(options, 'minChildWeight', 1, (v) => v >= 0 && Number.isFinite(v), '>= 0'),
    minSamplesLeaf: num(options, 'minSamplesLeaf', 1, (v) => int(v) && v >= 1, 'an integer >= 1'),
    lambda: num(options, 'lambda', 1, (v) => v >= 0 && Number.isFinite(v), '>= 0'),
    minSplitGain: num(options, 'minSplitGain', 0, (v) => v >= 0 && Number.isFinite(v), '>= 0'),
    subsample: num(options, 'subsample', 1, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    colsampleByTree: num(options, 'colsampleByTree', 1, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    scalePosWeight: spw,
    seed: num(options, 'seed', 1, (v) => int(v), 'an integer'),
    earlyStoppingRounds: num(options, 'earlyStoppingRounds', 0, (v) => int(v) && v >= 0, 'an integer >= 0'),
    earlyStoppingMetric: metric,
    minRounds: num(options, 'minRounds', 1, (v) => int(v) && v >= 1, 'an integer >= 1'),
  };
}
