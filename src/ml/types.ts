// Shared types of the gradient-boosted trees: training data, options, the flat forest used for
// inference and the in-memory model. Types only; no code.

import type { ShapTables } from './shap-tables.js';

/** A labelled dataset: `X` is row-major (`rows × features`), `y` holds 0/1 labels. */
export interface Dataset {
  rows: number;
  features: number;
  X: Float64Array;
  y: Uint8Array;
  featureNames: string[];
}

export type EarlyStoppingMetric = 'logloss' | 'pr-auc';

/** Options of `trainGbdt`; every field has a default (see `resolveParams`). */
export interface GbdtOptions {
  /** Boosting rounds (trees). Default 100. */
  nTrees?: number;
  /** Shrinkage applied to every leaf value. Default 0.1. */
  learningRate?: number;
  /** Maximum depth of a tree (root = depth 0). Default 6. */
  maxDepth?: number;
  /** Maximum bins per feature, including the NaN bin (2…255). Default 255. */
  maxBins?: number;
  /** Minimum hessian sum in a child. Default 1. */
  minChildWeight?: number;
  /** Minimum number of (sampled) rows in a child. Default 1. */
  minSamplesLeaf?: number;
  /** L2 regularisation of leaf values. Default 1. */
  lambda?: number;
  /** Minimum gain for a split to be made (XGBoost's gamma). Default 0. */
  minSplitGain?: number;
  /** Fraction of rows sampled (without replacement, Bernoulli) per tree. Default 1. */
  subsample?: number;
  /** Fraction of features sampled per tree. Default 1. */
  colsampleByTree?: number;
  /**
   * Weight of positive rows in the loss. 'auto' (default) = negatives / positives, capped at
   * `maxScalePosWeight`; a number is used as given (1 = no reweighting). Any weight above 1
   * raises the predicted probabilities above the base rate: they rank well but are no longer
   * calibrated, so choose decision thresholds on validation data (e.g. bestF1Threshold).
   */
  scalePosWeight?: number | 'auto';
  /** Cap for the 'auto' scalePosWeight. Default 100. */
  maxScalePosWeight?: number;
  /** Initial margin (log-odds). Default: log-odds of the weighted positive rate. */
  baseScore?: number;
  /** Seed of the PRNG used for row and column sampling. Default 1. */
  seed?: number;
  /** Validation set for early stopping and reported metrics. */
  valid?: Dataset;
  /** Stop after this many rounds without improvement on `valid` (0 = never). Default 0. */
  earlyStoppingRounds?: number;
  /** Metric watched by early stopping. Default 'logloss'. */
  earlyStoppingMetric?: EarlyStoppingMetric;
  /** Fewest rounds kept: early stopping neither stops nor picks a best round before this. Default 1. */
  minRounds?: number;
  /** Called after every round (for progress output); `validMetric` is NaN without `valid`. */
  onIteration?: (iteration: number, validMetric: number) => void;
}

/** The options after defaults are applied, as stored in the model file. */
export interface GbdtParams {
  nTrees: number;
  learningRate: number;
  maxDepth: number;
  maxBins: number;
  minChildWeight: number;
  minSamplesLeaf: number;
  lambda: number;
  minSplitGain: number;
  subsample: number;
  colsampleByTree: number;
  scalePosWeight: number;
  seed: number;
  earlyStoppingRounds: number;
  earlyStoppingMetric: EarlyStoppingMetric;
  minRounds: number;
}

/**
 * All trees of a model in flat struct-of-arrays form. Node `n` is a leaf when `feature[n] < 0`;
 * otherwise a row goes to `left[n]` when `x[feature[n]] <= threshold[n]`, to `right[n]` when
 * greater, and NaN goes left when `defaultLeft[n] === 1`. Child indices are absolute and always
 * greater than the parent's. `value` holds leaf outputs (learning rate applied), `cover` the
 * number of training rows that reached the node, `gain` the split gain (0 on leaves).
 */
export interface Forest {
  nTrees: number;
  nNodes: number;
  /** Deepest leaf over all trees (root = 0). */
  maxDepth: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
  value: Float64Array;
  cover: Float64Array;
  gain: Float64Array;
  /** Σ over trees of the cover-weighted mean leaf value: the expected margin minus baseScore. */
  expected: number;
  /** The same trees laid out for fast single-row inference (see forest.ts). */
  packed: PackedForest;
  /** Precomputed TreeSHAP tables (see shap-tables.ts); null when too large to build. */
  shap: ShapTables | null;
}

/**
 * Inference layout: siblings are adjacent (`right = child + 1`) and a leaf loops to itself, so
 * every tree is walked a fixed number of steps without data-dependent branches: a row goes
 * right exactly when the sign bit of `threshold - v` is set. The row is first copied twice into
 * `row`: slots [0, span) with NaN → +Infinity (read by splits sending NaN right) and
 * [span, 2·span) with NaN → −Infinity (read by splits sending NaN left); ±Infinity inputs become
 * ±Number.MAX_VALUE and internal ±Infinity thresholds ±MAX_VALUE, so `threshold - v` is never
 * NaN. Leaves read slot 2·span (always 0) against threshold +Infinity and stay put.
 */
export interface PackedForest {
  roots: Int32Array;
  /** Depth of every tree (steps from root to its deepest leaf). */
  depth: Int32Array;
  /** Slot of `row` each node reads. */
  slot: Int32Array;
  threshold: Float64Array;
  child: Int32Array;
  value: Float64Array;
  /** One more than the largest feature index used by a split (0 for a forest of leaves). */
  featureSpan: number;
  /** Index of the high 32-bit word of a float64 in an Int32Array view (1 on little-endian). */
  hiWord: number;
  /** Per-model scratch (row copies and sign bits), used synchronously within one call. */
  row: Float64Array;
  scratch: Float64Array;
  scratchBits: Int32Array;
}

export interface ModelMetrics {
  /** Rounds actually kept (index of the best iteration + 1). */
  trees: number;
  bestIteration: number;
  trainRows: number;
  trainPositives: number;
  trainLogLoss: number;
  validRows?: number;
  validLogLoss?: number;
  validPrAuc?: number;
  validRocAuc?: number;
  /** Validation metric per round (the early-stopping metric). */
  validHistory?: number[];
}

export interface GbdtModel {
  featureNames: string[];
  /** Margin (log-odds) added to the sum of tree outputs. */
  baseScore: number;
  forest: Forest;
  params: GbdtParams;
  trainedAt: string;
  metrics: ModelMetrics;
}
