// Gradient histograms: for every active feature, per bin, the sums of gradient and hessian and the
// row count of one tree node. Slot s of the histogram lives at [3s, 3s+1, 3s+2] = (G, H, count).
// A sibling's histogram is the parent's minus the other child's (the subtraction trick).

import type { BinnedData } from './binning.js';

/**
 * Adds rows `idx[start..end)` to a zeroed histogram. `grad[i]`/`hess[i]` belong to `idx[i]`
 * (gradients are kept in the same order as the node's row indices).
 */
export function buildHistogram(
  hist: Float64Array,
  data: BinnedData,
  active: Int32Array,
  idx: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  start: number,
  end: number,
): void {
  const bins = data.bins;
  const rows = data.rows;
  const off = data.histOffset;
  // all rows in order: read the columns sequentially instead of through idx
  const seq = end - start === rows && (rows === 0 || (idx[start] === 0 && idx[end - 1] === rows - 1));
  let a = 0;
  // two features per pass: each gradient and hessian is loaded once for both
  for (; a + 1 < active.length; a += 2) {
    const c1 = active[a] * rows;
    const c2 = active[a + 1] * rows;
    const o1 = off[active[a]] * 3;
    const o2 = off[active[a + 1]] * 3;
    for (let i = start; i < end; i++) {
      const r = seq ? i : idx[i];
      const g = grad[i];
      const h = hess[i];
      const k1 = o1 + bins[c1 + r] * 3;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k1 + 2] += 1;
      const k2 = o2 + bins[c2 + r] * 3;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k2 + 2] += 1;
    }
  }
  if (a < active.length) {
    const c1 = active[a] * rows;
    const o1 = off[active[a]] * 3;
    for (let i = start; i < end; i++) {
      const k1 = o1 + bins[c1 + (seq ? i : idx[i])] * 3;
      hist[k1] += grad[i];
      hist[k1 + 1] += hess[i];
      hist[k1 + 2] += 1;
    }
  }
}

/** `parent -= child` over the active features' slots (the parent buffer becomes the sibling). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, data: BinnedData, active: Int32Array): void {
  for (let a = 0; a < active.length; a++) {
    const f = active[a];
    const from = data.histOffset[f] * 3;
    const to = from + (data.numBins[f] + 1) * 3;
    for (let k = from; k < to; k++) parent[k] -= child[k];
  }
}

/** Reuses histogram buffers within one training run (never shared between runs). */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly size: number) {}

  /** A zeroed buffer. */
  acquire(): Float64Array {
    const h = this.free.pop();
    if (h === undefined) return new Float64Array(this.size);
    h.fill(0);
    return h;
  }

  release(h: Float64Array): void {
    this.free.push(h);
  }
}
