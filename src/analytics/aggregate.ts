import { finishCsr, type Csr } from './csr.js';

/**
 * Coarsens `g` by `groups` (group id 0..k-1 per node): one node per group, and the entry
 * (C, D) is Σ_{i∈C, j∈D} A_ij. The diagonal entry (C, C) keeps the group's internal weight
 * (both directions of every internal edge, plus self-loops), so degrees and 2m are preserved
 * and modularity of any partition of the groups equals that of the induced node partition.
 * O(n + entries); rows are not sorted.
 */
export function aggregate(g: Csr, groups: Int32Array, k: number): Csr {
  const n = g.nodeCount;
  const { offsets, targets, weights } = g;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) start[groups[i] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const fill = start.slice(0, k);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[groups[i]]++] = i;

  const cap = Math.min(targets.length, k * k);
  let outT = new Int32Array(cap);
  let outW = new Float64Array(cap);
  const out = new Int32Array(k + 1);
  const acc = new Float64Array(k);
  const pos = new Int32Array(k).fill(-1);
  const list = new Int32Array(k);
  let size = 0;
  for (let c = 0; c < k; c++) {
    out[c] = size;
    let listed = 0;
    for (let p = start[c]; p < start[c + 1]; p++) {
      const i = members[p];
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const d = groups[targets[e]];
        if (pos[d] === -1) {
          pos[d] = listed;
          list[listed++] = d;
          acc[d] = weights[e];
        } else {
          acc[d] += weights[e];
        }
      }
    }
    if (size + listed > outT.length) {
      const bigger = Math.max(size + listed, outT.length * 2);
      const t = new Int32Array(bigger);
      t.set(outT);
      outT = t;
      const w = new Float64Array(bigger);
      w.set(outW);
      outW = w;
    }
    for (let q = 0; q < listed; q++) {
      const d = list[q];
      outT[size] = d;
      outW[size++] = acc[d];
      pos[d] = -1;
    }
  }
  out[k] = size;
  return finishCsr(k, out, outT.slice(0, size), outW.slice(0, size));
}
