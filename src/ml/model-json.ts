// The versioned model file: `{ format: 'ringwatch-gbdt', version: 1, featureNames, trees,
// baseScore, params, trainedAt, metrics }` as JSON, with a parser that names what is wrong, and
// the check that the engine supplies every feature a model needs. No I/O here (see model-file.ts).
//
// Each tree is struct-of-arrays with tree-local child indices: feature (-1 on leaves), threshold
// (null stands for +Infinity, which JSON cannot hold), left, right, defaultLeft (0/1), value,
// cover, gain.

import { forestFromTrees, forestToTrees } from './forest.js';
import { resolveParams } from './params.js';
import type { TreeNodes } from './tree.js';
import type { GbdtModel, GbdtOptions, ModelMetrics } from './types.js';

export const MODEL_FORMAT = 'ringwatch-gbdt';
export const MODEL_VERSION = 1;

/** A model file that cannot be used; the message names the field and the problem. */
export class ModelFormatError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`invalid model file: ${path}: ${problem}`);
    this.name = 'ModelFormatError';
  }
}

/** The engine does not supply every feature the model was trained on. */
export class FeatureMismatchError extends Error {
  constructor(readonly missing: string[]) {
    super(`model needs ${missing.length} feature(s) the engine does not provide: ${missing.join(', ')}`);
    this.name = 'FeatureMismatchError';
  }
}

interface TreeJson {
  feature: number[];
  threshold: (number | null)[];
  left: number[];
  right: number[];
  defaultLeft: number[];
  value: number[];
  cover: number[];
  gain: number[];
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  featureNames: string[];
  trees: TreeJson[];
  baseScore: number;
  params: GbdtModel['params'];
  trainedAt: string;
  metrics: ModelMetrics;
}

/** The model as a plain JSON-ready object. */
export function modelToJson(model: GbdtModel): ModelJson {
  const trees = forestToTrees(model.forest).map((t) => ({
    ...t,
    threshold: t.threshold.map((v, i) => (t.feature[i] < 0 ? 0 : v === Infinity ? null : v)),
  }));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    featureNames: model.featureNames.slice(),
    trees,
    baseScore: model.baseScore,
    params: { ...model.params },
    trainedAt: model.trainedAt,
    metrics: { ...model.metrics },
  };
}

/** JSON text of the model (compact unless `space` is given). */
export function serializeModel(model: GbdtModel, space?: number): string {
  return JSON.stringify(modelToJson(model), null, space);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberArray(v: unknown, path: string, n: number, check: (x: number, i: number) => string | null): number[] {
  if (!Array.isArray(v)) throw new ModelFormatError(path, 'must be an array');
  if (v.length !== n) throw new ModelFormatError(path, `has ${v.length} entries, expected ${n} (one per node)`);
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (typeof x !== 'number') throw new ModelFormatError(`${path}[${i}]`, `must be a number, got ${JSON.stringify(x)}`);
    const problem = check(x, i);
    if (problem !== null) throw new ModelFormatError(`${path}[${i}]`, problem);
    out[i] = x;
  }
  return out;
}

function parseTree(raw: unknown, path: string, nFeatures: number): TreeNodes {
  if (!isObject(raw)) throw new ModelFormatError(path, 'must be an object');
  if (!Array.isArray(raw.feature) || raw.feature.length === 0) throw new ModelFormatError(`${path}.feature`, 'must be a non-empty array');
  const n = raw.feature.length;
  const feature = numberArray(raw.feature, `${path}.feature`, n, (f) =>
    Number.isInteger(f) && f >= -1 && f < nFeatures ? null : `must be -1 (leaf) or a feature index in 0…${nFeatures - 1}, got ${f}`,
  );
  const leaf = (i: number) => feature[i] < 0;
  const child = (c: number, i: number) =>
    leaf(i) ? (c === -1 ? null : `must be -1 on a leaf, got ${c}`) : Number.isInteger(c) && c > i && c < n ? null : `child index ${c} must lie in ${i + 1}…${n - 1}`;
  const left = numberArray(raw.left, `${path}.left`, n, child);
  const right = numberArray(raw.right, `${path}.right`, n, child);
  if (!Array.isArray(raw.threshold)) throw new ModelFormatError(`${path}.threshold`, 'must be an array');
  const thresholdRaw = raw.threshold.map((v) => (v === null ? Infinity : v));
  const threshold = numberArray(thresholdRaw, `${path}.threshold`, n, (t, i) => (leaf(i) || !Number.isNaN(t) ? null : 'must not be NaN'));
  const defaultLeft = numberArray(raw.defaultLeft, `${path}.defaultLeft`, n, (v) => (v === 0 || v === 1 ? null : `must be 0 or 1, got ${v}`));
  const value = numberArray(raw.value, `${path}.value`, n, (v) => (Number.isFinite(v) ? null : 'must be finite'));
  const cover = numberArray(raw.cover, `${path}.cover`, n, (v) => (Number.isFinite(v) && v > 0 ? null : `must be a positive number, got ${v}`));
  const gain = numberArray(raw.gain, `${path}.gain`, n, (v) => (Number.isFinite(v) ? null : 'must be finite'));
  // every node but the root has exactly one parent, so the nodes form one tree
  const parents = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (leaf(i)) continue;
    if (left[i] === right[i]) throw new ModelFormatError(`${path}.right[${i}]`, `same child as left (${left[i]})`);
    parents[left[i]]++;
    parents[right[i]]++;
  }
  for (let i = 1; i < n; i++) {
    if (parents[i] !== 1) throw new ModelFormatError(path, `node ${i} has ${parents[i]} parents; expected exactly one`);
  }
  return { feature, threshold, left, right, defaultLeft, value, cover, gain };
}

/** Parses and validates model JSON (text or an already parsed object). */
export function parseModel(input: string | unknown): GbdtModel {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new ModelFormatError('(file)', `not JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(raw)) throw new ModelFormatError('(root)', 'must be a JSON object');
  if (raw.format !== MODEL_FORMAT) throw new ModelFormatError('format', `must be "${MODEL_FORMAT}", got ${JSON.stringify(raw.format)}`);
  if (raw.version !== MODEL_VERSION) {
    throw new ModelFormatError('version', `unsupported version ${JSON.stringify(raw.version)}; this build reads version ${MODEL_VERSION}`);
  }
  const names = raw.featureNames;
  if (!Array.isArray(names) || names.length === 0) throw new ModelFormatError('featureNames', 'must be a non-empty array of strings');
  const seen = new Set<string>();
  names.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') throw new ModelFormatError(`featureNames[${i}]`, 'must be a non-empty string');
    if (seen.has(v)) throw new ModelFormatError(`featureNames[${i}]`, `duplicate name "${v}"`);
    seen.add(v);
  });
  if (typeof raw.baseScore !== 'number' || !Number.isFinite(raw.baseScore)) throw new ModelFormatError('baseScore', 'must be a finite number');
  if (!Array.isArray(raw.trees)) throw new ModelFormatError('trees', 'must be an array');
  const trees = raw.trees.map((t, i) => parseTree(t, `trees[${i}]`, names.length));
  if (!isObject(raw.params)) throw new ModelFormatError('params', 'must be an object');
  let params: GbdtModel['params'];
  try {
    params = resolveParams(raw.params as GbdtOptions, 0, 0);
  } catch (e) {
    throw new ModelFormatError('params', (e as Error).message);
  }
  if (typeof raw.trainedAt !== 'string') throw new ModelFormatError('trainedAt', 'must be a string (ISO time)');
  if (!isObject(raw.metrics)) throw new ModelFormatError('metrics', 'must be an object');
  return {
    featureNames: names.slice() as string[],
    baseScore: raw.baseScore,
    forest: forestFromTrees(trees),
    params,
    trainedAt: raw.trainedAt,
    metrics: raw.metrics as unknown as ModelMetrics,
  };
}

/**
 * Checks that `names` (the engine's features) include every model feature and returns, for each
 * model feature, its index in `names` — so a model-order row is `row[i] = engine[map[i]]`.
 */
export function assertFeatures(model: GbdtModel, names: readonly string[]): Int32Array {
  const position = new Map<string, number>();
  names.forEach((n, i) => {
    if (!position.has(n)) position.set(n, i);
  });
  const missing = model.featureNames.filter((n) => !position.has(n));
  if (missing.length > 0) throw new FeatureMismatchError(missing);
  return Int32Array.from(model.featureNames, (n) => position.get(n) as number);
}
