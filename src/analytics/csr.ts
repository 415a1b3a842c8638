/**
 * Compressed sparse rows for undirected weighted graphs on typed arrays.
 *
 * A `Csr` stores the symmetric adjacency matrix A: row i lists every j with A_ij ≠ 0 and
 * its weight, so an undirected edge {i, j} (i ≠ j) of weight w appears twice (A_ij = A_ji = w).
 * A self-loop is stored once, as A_ii; an input self-loop of weight w becomes A_ii = 2w (the
 * usual convention: it adds 2w to i's degree), and the coarsened graphs of Louvain/Leiden keep
 * a community's internal weight there. With this convention degree k_i = Σ_j A_ij and
 * 2m = Σ_ij A_ij, which is all that modularity needs.
 *
 * Graphs built here (`csrFromEdges`, `csrFromUniquePairs`, `csrAddEdges`) keep each row sorted
 * by target; coarsened graphs do not need to.
 */
export interface Csr {
  readonly nodeCount: number;
  /** Row i is `targets[offsets[i] .. offsets[i+1])`; length nodeCount + 1. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
  /** Weighted degree k_i = Σ_j A_ij. */
  readonly degrees: Float64Array;
  /** Σ_ij A_ij = 2m. */
  readonly totalWeight: number;
}

/** Rows sorted by target: true when every row of `g` is strictly increasing. */
export function rowsSorted(g: Csr): boolean {
  const { offsets, targets } = g;
  for (let i = 0; i < g.nodeCount; i++) {
    for (let e = offsets[i] + 1; e < offsets[i + 1]; e++) if (targets[e] <= targets[e - 1]) return false;
  }
  return true;
}

/**
 * The permutation that sorts pairs (lo[e], hi[e]), e < m, by lo then hi: two stable counting
 * sorts, O(m + n), no comparisons. Ids must lie in [0, n).
 */
export function sortPairOrder(n: number, lo: Int32Array, hi: Int32Array, m = lo.length): Int32Array {
  const count = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) count[hi[e] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const byHi = new Int32Array(m);
  for (let e = 0; e < m; e++) byHi[count[hi[e]]++] = e;
  count.fill(0);
  for (let e = 0; e < m; e++) count[lo[e] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const e = byHi[k];
    order[count[lo[e]]++] = e;
  }
  return order;
}

/**
 * A CSR from undirected pairs that are already unique and sorted by (lo, hi) with lo ≤ hi
 * (a pair with lo = hi is a self-loop of weight w, stored as A_ii = 2w). Rows come out sorted.
 */
export function csrFromUniquePairs(n: number, lo: Int32Array, hi: Int32Array, w: Float64Array, m = lo.length): Csr {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[lo[e] + 1]++;
    if (hi[e] !== lo[e]) offsets[hi[e] + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const size = offsets[n];
  const targets = new Int32Array(size);
  const weights = new Float64Array(size);
  const fill = offsets.slice(0, n);
  // Visiting pairs in (lo, hi) order appends to row x first every lo < x (as hi = x), then
  // x itself, then every hi > x: each row is sorted without a per-row sort.
  for (let e = 0; e < m; e++) {
    const a = lo[e];
    const b = hi[e];
    if (a === b) {
      const k = fill[a]++;
      targets[k] = a;
      weights[k] = 2 * w[e];
    } else {
      let k = fill[a]++;
      targets[k] = b;
      weights[k] = w[e];
      k = fill[b]++;
      targets[k] = a;
      weights[k] = w[e];
    }
  }
  return finishCsr(n, offsets, targets, weights);
}

/**
 * A CSR from any undirected edge list (u[e], v[e], weight w[e] or 1), e < m: duplicates are
 * summed, direction ignored. Ids must lie in [0, n).
 */
export function csrFromEdges(n: number, u: Int32Array, v: Int32Array, w?: Float64Array, m = u.length): Csr {
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const a = u[e];
    const b = v[e];
    if (a < 0 || b < 0 || a >= n || b >= n) throw new RangeError(`edge ${e} (${a}, ${b}) outside 0..${n - 1}`);
    if (a <= b) {
      lo[e] = a;
      hi[e] = b;
    } else {
      lo[e] = b;
      hi[e] = a;
    }
  }
  const order = sortPairOrder(n, lo, hi, m);
  const ulo = new Int32Array(m);
  const uhi = new Int32Array(m);
  const uw = new Float64Array(m);
  let k = -1;
  for (let i = 0; i < m; i++) {
    const e = order[i];
    const weight = w ? w[e] : 1;
    if (k >= 0 && ulo[k] === lo[e] && uhi[k] === hi[e]) {
      uw[k] += weight;
    } else {
      k++;
      ulo[k] = lo[e];
      uhi[k] = hi[e];
      uw[k] = weight;
    }
  }
  return csrFromUniquePairs(n, ulo, uhi, uw, k + 1);
}

/**
 * A new CSR: `g` plus the undirected edges (u[e], v[e], w[e] or 1), summed into existing
 * entries. Node ids may reach past `g.nodeCount` (the graph grows to `n`). Rows of `g` must be
 * sorted (true for graphs built by this module). O(n + entries), mostly sequential copies.
 */
export function csrAddEdges(g: Csr, u: Int32Array, v: Int32Array, w?: Float64Array, m = u.length, n = g.nodeCount): Csr {
  let nn = Math.max(n, g.nodeCount);
  for (let e = 0; e < m; e++) nn = Math.max(nn, u[e] + 1, v[e] + 1);
  const add = csrFromEdges(nn, u, v, w, m);
  const old = g.offsets;
  const offsets = new Int32Array(nn + 1);
  const targets = new Int32Array(g.targets.length + add.targets.length);
  const weights = new Float64Array(targets.length);
  let k = 0;
  for (let i = 0; i < nn; i++) {
    offsets[i] = k;
    let a = i < g.nodeCount ? old[i] : 0;
    const aEnd = i < g.nodeCount ? old[i + 1] : 0;
    let b = add.offsets[i];
    const bEnd = add.offsets[i + 1];
    if (b === bEnd) {
      targets.set(g.targets.subarray(a, aEnd), k);
      weights.set(g.weights.subarray(a, aEnd), k);
      k += aEnd - a;
      continue;
    }
    while (a < aEnd || b < bEnd) {
      const ta = a < aEnd ? g.targets[a] : 0x7fffffff;
      const tb = b < bEnd ? add.targets[b] : 0x7fffffff;
      if (ta < tb) {
        targets[k] = ta;
        weights[k++] = g.weights[a++];
      } else if (tb < ta) {
        targets[k] = tb;
        weights[k++] = add.weights[b++];
      } else {
        targets[k] = ta;
        weights[k++] = g.weights[a++] + add.weights[b++];
      }
    }
  }
  offsets[nn] = k;
  return finishCsr(nn, offsets, k === targets.length ? targets : targets.slice(0, k), k === weights.length ? weights : weights.slice(0, k));
}

/** Computes degrees and total weight for the given arrays. */
export function finishCsr(n: number, offsets: Int32Array, targets: Int32Array, weights: Float64Array): Csr {
  const degrees = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) s += weights[e];
    degrees[i] = s;
    total += s;
  }
  return { nodeCount: n, offsets, targets, weights, degrees, totalWeight: total };
}

/** The undirected edges of `g` once each (i ≤ j), as arrays; self-loops report A_ii / 2. */
export function csrEdges(g: Csr): { u: Int32Array; v: Int32Array; w: Float64Array; count: number } {
  let count = 0;
  for (let i = 0; i < g.nodeCount; i++) {
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) if (g.targets[e] >= i) count++;
  }
  const u = new Int32Array(count);
  const v = new Int32Array(count);
  const w = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < g.nodeCount; i++) {
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) {
      const j = g.targets[e];
      if (j < i) continue;
      u[k] = i;
      v[k] = j;
      w[k++] = j === i ? g.weights[e] / 2 : g.weights[e];
    }
  }
  return { u, v, w, count };
}
