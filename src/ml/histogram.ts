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
  const contiguous = end - start === rows && (rows === 0 || (idx[start] === 0 && idx[end - 1] === rows - 1));
  for (let a = 0; a < active.length; a++) {
    const f = active[a];
    const col = f * rows;
    const off = data.histOffset[f] * 3;
    if (contiguous) {
      // every row in order: read the column sequentially
      for (let i = start, r = col; i < end; i++, r++) {
        const k = off + bins[r] * 3;
        hist[k] += grad[i];
        hist[k + 1] += hess[i];
        hist[k + 2] += 1;
      }
    } else {
      for (let i = start; i < end; i++) {
        const k = off + bins[col + idx[i]] * 3;
        hist[k] += grad[i];
        hist[k + 1] += hess[i];
        hist[k + 2] += 1;
      }
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
