// The flat forest: conversion between per-tree node lists (tree-local child indices, the model
// file's shape) and one struct-of-arrays over all trees (absolute indices, used for inference).

import { buildShapTables } from './shap-tables.js';
import type { Forest, PackedForest } from './types.js';
import type { TreeNodes } from './tree.js';

/** Packs trees into one flat forest. */
export function forestFromTrees(trees: readonly TreeNodes[]): Forest {
  let nNodes = 0;
  for (const t of trees) nNodes += t.feature.length;
  const roots = new Int32Array(trees.length);
  const feature = new Int32Array(nNodes);
  const threshold = new Float64Array(nNodes);
  const left = new Int32Array(nNodes);
  const right = new Int32Array(nNodes);
  const defaultLeft = new Uint8Array(nNodes);
  const value = new Float64Array(nNodes);
  const cover = new Float64Array(nNodes);
  const gain = new Float64Array(nNodes);
  const depth = new Int32Array(nNodes);
  let base = 0;
  let maxDepth = 0;
  for (let t = 0; t < trees.length; t++) {
    const tr = trees[t];
    roots[t] = base;
    for (let i = 0; i < tr.feature.length; i++) {
      const n = base + i;
      const isLeaf = tr.feature[i] < 0;
      feature[n] = isLeaf ? -1 : tr.feature[i];
      threshold[n] = tr.threshold[i];
      left[n] = isLeaf ? -1 : base + tr.left[i];
      right[n] = isLeaf ? -1 : base + tr.right[i];
      defaultLeft[n] = tr.defaultLeft[i] ? 1 : 0;
      value[n] = isLeaf ? tr.value[i] : 0;
      cover[n] = tr.cover[i];
      gain[n] = isLeaf ? 0 : tr.gain[i];
    }
    // children come after parents, so one forward pass gives depths
    for (let i = 0; i < tr.feature.length; i++) {
      const n = base + i;
      if (feature[n] >= 0) {
        depth[left[n]] = depth[n] + 1;
        depth[right[n]] = depth[n] + 1;
      } else if (depth[n] > maxDepth) maxDepth = depth[n];
    }
    base += tr.feature.length;
  }
  let expected = 0;
  for (let t = 0; t < trees.length; t++) {
    const rootCover = cover[roots[t]];
    const end = t + 1 < trees.length ? roots[t + 1] : nNodes;
    for (let n = roots[t]; n < end; n++) {
      if (feature[n] < 0) expected += rootCover > 0 ? (value[n] * cover[n]) / rootCover : 0;
    }
  }
  const forest = { nTrees: trees.length, nNodes, maxDepth, roots, feature, threshold, left, right, defaultLeft, value, cover, gain, expected };
  return { ...forest, packed: packForest(forest), shap: buildShapTables(forest) };
}

/** Lays trees out breadth-first with adjacent siblings and self-looping leaves (see PackedForest). */
export function packForest(f: Omit<Forest, 'packed' | 'shap'>): PackedForest {
  const n = f.nNodes;
  let span = 0;
  for (let i = 0; i < n; i++) if (f.feature[i] + 1 > span) span = f.feature[i] + 1;
  const roots = new Int32Array(f.nTrees);
  const depth = new Int32Array(f.nTrees);
  const slot = new Int32Array(n);
  const threshold = new Float64Array(n);
  const child = new Int32Array(n);
  const value = new Float64Array(n);
  const queue = new Int32Array(n);
  const qDepth = new Int32Array(n);
  const newIndex = new Int32Array(n);
  const MAX = Number.MAX_VALUE;
  let next = 0;
  for (let t = 0; t < f.nTrees; t++) {
    let head = 0;
    let tail = 0;
    queue[tail] = f.roots[t];
    qDepth[tail++] = 0;
    newIndex[f.roots[t]] = next;
    roots[t] = next++;
    while (head < tail) {
      const o = queue[head];
      const dp = qDepth[head++];
      const i = newIndex[o];
      if (f.feature[o] < 0) {
        slot[i] = 2 * span;
        threshold[i] = Infinity;
        child[i] = i;
        value[i] = f.value[o];
        if (dp > depth[t]) depth[t] = dp;
        continue;
      }
      slot[i] = f.defaultLeft[o] === 1 ? span + f.feature[o] : f.feature[o];
      threshold[i] = Math.min(MAX, Math.max(-MAX, f.threshold[o])) + 0; // + 0 turns -0 into +0
      child[i] = next;
      newIndex[f.left[o]] = next++;
      newIndex[f.right[o]] = next++;
      queue[tail] = f.left[o];
      qDepth[tail++] = dp + 1;
      queue[tail] = f.right[o];
      qDepth[tail++] = dp + 1;
    }
  }
  const scratch = new Float64Array(8);
  const scratchBits = new Int32Array(scratch.buffer);
  scratch[0] = -0;
  const hiWord = scratchBits[1] !== 0 ? 1 : 0;
  scratch[0] = 0;
  return { roots, depth, slot, threshold, child, value, featureSpan: span, hiWord, row: new Float64Array(2 * span + 1), scratch, scratchBits };
}

/** Unpacks a flat forest into per-tree node lists with tree-local child indices. */
export function forestToTrees(forest: Forest): TreeNodes[] {
  const out: TreeNodes[] = [];
  for (let t = 0; t < forest.nTrees; t++) {
    const from = forest.roots[t];
    const to = t + 1 < forest.nTrees ? forest.roots[t + 1] : forest.nNodes;
    const local = (n: number): number => (n < 0 ? -1 : n - from);
    const tree: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [], cover: [], gain: [] };
    for (let n = from; n < to; n++) {
      tree.feature.push(forest.feature[n]);
      tree.threshold.push(forest.threshold[n]);
      tree.left.push(local(forest.left[n]));
      tree.right.push(local(forest.right[n]));
      tree.defaultLeft.push(forest.defaultLeft[n]);
      tree.value.push(forest.value[n]);
      tree.cover.push(forest.cover[n]);
      tree.gain.push(forest.gain[n]);
    }
    out.push(tree);
  }
  return out;
}
