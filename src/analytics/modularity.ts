import type { Csr } from './csr.js';

/**
 * Newman modularity of a partition of a weighted undirected graph, with resolution γ:
 *
 *   Q = (1 / 2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j) = Σ_c [ L_c / 2m − γ (K_c / 2m)² ]
 *
 * where L_c = Σ_{i,j ∈ c} A_ij (each internal edge counted from both ends, a self-loop
 * entry once as stored) and K_c = Σ_{i ∈ c} k_i. Same definition as igraph's `modularity`
 * and networkx's `modularity` for undirected weighted graphs. A graph without edges has Q = 0.
 * `membership` holds non-negative community ids, one per node.
 */
export function modularity(g: Csr, membership: Int32Array, resolution = 1): number {
  const n = g.nodeCount;
  if (membership.length < n) throw new RangeError(`membership has ${membership.length} entries for ${n} nodes`);
  const m2 = g.totalWeight;
  if (m2 === 0) return 0;
  let maxC = -1;
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    if (c < 0) throw new RangeError(`node ${i} has no community`);
    if (c > maxC) maxC = c;
  }
  const tot = new Float64Array(maxC + 1);
  const { offsets, targets, weights, degrees } = g;
  let internal = 0;
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    tot[c] += degrees[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) if (membership[targets[e]] === c) internal += weights[e];
  }
  let expected = 0;
  for (let c = 0; c <= maxC; c++) expected += tot[c] * tot[c];
  return internal / m2 - (resolution * expected) / (m2 * m2);
}
