// Grows one depth-limited regression tree on binned data from gradients and hessians. Nodes are
// numbered in pre-order (children after their parent). Only nodes that may still split get a
// histogram: the smaller child's is built, the larger one's is the parent's minus it.

import type { BinnedData } from './binning.js';
import { buildHistogram, subtractHistogram, type HistogramPool } from './histogram.js';
import { findBestSplit, leafWeight, type SplitConstraints } from './split.js';

/** One tree with tree-local child indices (-1 on leaves); the shape of a tree in the model file. */
export interface TreeNodes {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  defaultLeft: number[];
  value: number[];
  cover: number[];
  gain: number[];
}

export interface GrownTree extends TreeNodes {
  /** Split bin per node (rows with bin <= it go left), -1 on leaves. */
  bin: number[];
  /** Range of `idx` each node covers after partitioning. */
  start: number[];
  end: number[];
}

export interface GrowParams extends SplitConstraints {
  maxDepth: number;
  learningRate: number;
}

/** Working state of one tree: the node's rows and their gradients, reordered in place. */
export interface GrowState {
  data: BinnedData;
  /** Features this tree may split on. */
  active: Int32Array;
  /** Row indices in [0, count), gradients and hessians aligned with them. */
  idx: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
  count: number;
  /** Scratch arrays at least `count` long, for the stable partition. */
  tmpIdx: Int32Array;
  tmpGrad: Float64Array;
  tmpHess: Float64Array;
  pool: HistogramPool;
}

function emptyTree(): GrownTree {
  return { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [], cover: [], gain: [], bin: [], start: [], end: [] };
}

/** Stable in-place partition of [start, end) into rows going left, then right; returns the middle. */
function partition(s: GrowState, start: number, end: number, f: number, bin: number, nanLeft: boolean): number {
  const { idx, grad, hess, tmpIdx, tmpGrad, tmpHess } = s;
  const bins = s.data.bins;
  const col = f * s.data.rows;
  const nanBin = s.data.numBins[f];
  let w = start;
  let t = 0;
  for (let i = start; i < end; i++) {
    const r = idx[i];
    const b = bins[col + r];
    const goLeft = b === nanBin ? nanLeft : b <= bin;
    if (goLeft) {
      idx[w] = r;
      grad[w] = grad[i];
      hess[w] = hess[i];
      w++;
    } else {
      tmpIdx[t] = r;
      tmpGrad[t] = grad[i];
      tmpHess[t] = hess[i];
      t++;
    }
  }
  idx.set(tmpIdx.subarray(0, t), w);
  grad.set(tmpGrad.subarray(0, t), w);
  hess.set(tmpHess.subarray(0, t), w);
  return w;
}

/** Grows one tree over `s.idx[0..count)`. Leaf values include the learning rate. */
export function growTree(s: GrowState, p: GrowParams): GrownTree {
  const tree = emptyTree();
  const { data, active, pool } = s;
  const canSplit = (depth: number, count: number, h: number): boolean =>
    depth < p.maxDepth && count >= 2 * p.minSamplesLeaf && h >= 2 * p.minChildWeight;

  const grow = (start: number, end: number, depth: number, G: number, H: number, hist: Float64Array | null): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.defaultLeft.push(0);
    tree.value.push(0);
    tree.cover.push(end - start);
    tree.gain.push(0);
    tree.bin.push(-1);
    tree.start.push(start);
    tree.end.push(end);
    const split = hist === null ? null : findBestSplit(hist, data, active, G, H, end - start, p);
    if (hist === null || split === null) {
      if (hist !== null) pool.release(hist);
      tree.value[id] = p.learningRate * leafWeight(G, H, p.lambda);
      return id;
    }
    const f = split.feature;
    const nanInNode = hist[(data.histOffset[f] + data.numBins[f]) * 3 + 2] > 0;
    const nanLeft = nanInNode ? split.nanLeft : split.leftCount >= split.rightCount;
    const mid = partition(s, start, end, f, split.bin, nanLeft);
    const leftNeeds = canSplit(depth + 1, split.leftCount, split.leftH);
    const rightNeeds = canSplit(depth + 1, split.rightCount, split.rightH);
    let leftHist: Float64Array | null = null;
    let rightHist: Float64Array | null = null;
    if (leftNeeds || rightNeeds) {
      const leftSmaller = mid - start <= end - mid;
      const small = pool.acquire();
      if (leftSmaller) buildHistogram(small, data, active, s.idx, s.grad, s.hess, start, mid);
      else buildHistogram(small, data, active, s.idx, s.grad, s.hess, mid, end);
      const smallNeeds = leftSmaller ? leftNeeds : rightNeeds;
      const largeNeeds = leftSmaller ? rightNeeds : leftNeeds;
      let large: Float64Array | null = null;
      if (largeNeeds) {
        subtractHistogram(hist, small, data, active);
        large = hist;
      } else pool.release(hist);
      const smallKept = smallNeeds ? small : null;
      if (!smallNeeds) pool.release(small);
      leftHist = leftSmaller ? smallKept : large;
      rightHist = leftSmaller ? large : smallKept;
    } else pool.release(hist);
    tree.feature[id] = f;
    tree.bin[id] = split.bin;
    tree.threshold[id] = data.edges[f][split.bin];
    tree.defaultLeft[id] = nanLeft ? 1 : 0;
    tree.gain[id] = split.gain;
    tree.left[id] = grow(start, mid, depth + 1, split.leftG, split.leftH, leftHist);
    tree.right[id] = grow(mid, end, depth + 1, split.rightG, split.rightH, rightHist);
    return id;
  };

  let G = 0;
  let H = 0;
  for (let i = 0; i < s.count; i++) {
    G += s.grad[i];
    H += s.hess[i];
  }
  let rootHist: Float64Array | null = null;
  if (canSplit(0, s.count, H)) {
    rootHist = pool.acquire();
    buildHistogram(rootHist, data, active, s.idx, s.grad, s.hess, 0, s.count);
  }
  grow(0, s.count, 0, G, H, rootHist);
  return tree;
}

/** Leaf reached by row `r` of the binned data (used for rows outside a subsample). */
export function leafOfBinnedRow(tree: GrownTree, data: BinnedData, r: number): number {
  let n = 0;
  while (tree.feature[n] >= 0) {
    const f = tree.feature[n];
    const b = data.bins[f * data.rows + r];
    const goLeft = b === data.numBins[f] ? tree.defaultLeft[n] === 1 : b <= tree.bin[n];
    n = goLeft ? tree.left[n] : tree.right[n];
  }
  return n;
}
