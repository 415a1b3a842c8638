// The flat forest: conversion between per-tree node lists (tree-local child indices, the model
// file's shape) and one struct-of-arrays over all trees (absolute indices, used for inference).

import type { Forest } from './types.js';
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
  return { nTrees: trees.length, nNodes, maxDepth, roots, feature, threshold, left, right, defaultLeft, value, cover, gain };
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

/** Leaf reached by row `x[offset..]` in the tree whose root is `root`. */
export function leafOf(forest: Forest, root: number, x: ArrayLike<number>, offset: number): number {
  const { feature, threshold, left, right, defaultLeft } = forest;
  let n = root;
  while (feature[n] >= 0) {
    const v = x[offset + feature[n]];
    n = v <= threshold[n] || (v !== v && defaultLeft[n] === 1) ? left[n] : right[n];
  }
  return n;
}
