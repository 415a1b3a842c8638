// Precomputed path-dependent TreeSHAP (in the spirit of Fast TreeSHAP v2, Yang 2021).
//
// For a leaf with value v whose path splits on the distinct features P (d = |P|), let z_k be the
// product of the cover fractions of the splits on feature k along the path, and O ⊆ P the
// features whose splits the row all follows. Algorithm 2 of Lundberg et al. credits feature i
//   v · (o_i − z_i) · Σ_{S ⊆ O∖{i}} w(|S|) · Π_{k ∈ P∖S∖{i}} z_k,   w(s) = s!(d−s−1)!/d!.
// With H(Q) = v · Σ_{S ⊆ Q} w(|S|) · Π_{k ∈ P∖S} z_k this is
//   i ∈ O:  (1 − z_i)/z_i · H(O∖{i})        i ∉ O:  −H(O),
// so one table of 2^d numbers per leaf turns a row's explanation into O(depth) work per leaf.

import type { Forest } from './types.js';

/** Largest total table size (float64 entries) built; bigger forests use the recursive algorithm. */
export const MAX_SHAP_TABLE_ENTRIES = 1 << 21;

export interface ShapTables {
  /** Leaves of tree t are `[treeLeafStart[t], treeLeafStart[t + 1])`. */
  treeLeafStart: Int32Array;
  /** Path edges of leaf j are `[edgeStart[j], edgeStart[j + 1])`: node, direction, feature bit. */
  edgeStart: Int32Array;
  edgeNode: Int32Array;
  edgeLeft: Uint8Array;
  edgeBit: Int32Array;
  /** Distinct path features of leaf j are `[featStart[j], featStart[j + 1])`, bit k = k-th. */
  featStart: Int32Array;
  featId: Int32Array;
  /** (1 − z) / z per path feature. */
  coef: Float64Array;
  /** H of leaf j is `table[tableStart[j] + mask]` for masks over its path features. */
  tableStart: Int32Array;
  table: Float64Array;
  /** Most nodes in one tree (size of the per-row direction scratch). */
  maxTreeNodes: number;
}

function factorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  f[0] = 1;
  for (let i = 1; i <= n; i++) f[i] = f[i - 1] * i;
  return f;
}

/** Builds the tables, or returns null when they would exceed MAX_SHAP_TABLE_ENTRIES. */
export function buildShapTables(f: Omit<Forest, 'packed' | 'shap'>): ShapTables | null {
  const fact = factorials(64);
  let leaves = 0;
  for (let n = 0; n < f.nNodes; n++) if (f.feature[n] < 0) leaves++;
  const treeLeafStart = new Int32Array(f.nTrees + 1);
  const edgeStart = new Int32Array(leaves + 1);
  const featStart = new Int32Array(leaves + 1);
  const tableStart = new Int32Array(leaves + 1);
  const edgeNode: number[] = [];
  const edgeLeft: number[] = [];
  const edgeBit: number[] = [];
  const featId: number[] = [];
  const coef: number[] = [];
  const tables: Float64Array[] = [];
  let entries = 0;
  let leaf = 0;
  let maxTreeNodes = 0;
  // the current root-to-node path
  const pathNode: number[] = [];
  const pathLeft: number[] = [];
  let tooBig = false;

  const visitLeaf = (n: number): void => {
    const feats: number[] = [];
    const z: number[] = [];
    edgeStart[leaf] = edgeNode.length;
    featStart[leaf] = featId.length;
    for (let e = 0; e < pathNode.length; e++) {
      const p = pathNode[e];
      const child = pathLeft[e] ? f.left[p] : f.right[p];
      let k = feats.indexOf(f.feature[p]);
      if (k < 0) {
        k = feats.length;
        feats.push(f.feature[p]);
        z.push(1);
      }
      z[k] *= f.cover[p] > 0 ? f.cover[child] / f.cover[p] : 0.5;
      edgeNode.push(p);
      edgeLeft.push(pathLeft[e]);
      edgeBit.push(k);
    }
    const d = feats.length;
    for (let k = 0; k < d; k++) {
      featId.push(feats[k]);
      coef.push((1 - z[k]) / z[k]);
    }
    const size = 1 << d;
    tableStart[leaf] = entries;
    entries += size;
    if (entries > MAX_SHAP_TABLE_ENTRIES || d > 30) {
      tooBig = true;
      return;
    }
    // g(S) = v · w(|S|) · Π_{k ∉ S} z_k, then H = Σ over subsets (zeta transform)
    const h = new Float64Array(size);
    const v = f.value[n];
    for (let S = 0; S < size - 1; S++) {
      let s = 0;
      let prod = v;
      for (let k = 0; k < d; k++) {
        if (S & (1 << k)) s++;
        else prod *= z[k];
      }
      h[S] = (prod * fact[s] * fact[d - s - 1]) / fact[d];
    }
    for (let k = 0; k < d; k++) {
      const bit = 1 << k;
      for (let S = 0; S < size; S++) if (S & bit) h[S] += h[S ^ bit];
    }
    tables.push(h);
    leaf++;
  };

  const walk = (n: number): void => {
    if (tooBig) return;
    if (f.feature[n] < 0) {
      visitLeaf(n);
      return;
    }
    pathNode.push(n);
    pathLeft.push(1);
    walk(f.left[n]);
    pathLeft[pathLeft.length - 1] = 0;
    walk(f.right[n]);
    pathNode.pop();
    pathLeft.pop();
  };

  for (let t = 0; t < f.nTrees; t++) {
    treeLeafStart[t] = leaf;
    const end = t + 1 < f.nTrees ? f.roots[t + 1] : f.nNodes;
    maxTreeNodes = Math.max(maxTreeNodes, end - f.roots[t]);
    walk(f.roots[t]);
    if (tooBig) return null;
  }
  treeLeafStart[f.nTrees] = leaf;
  edgeStart[leaf] = edgeNode.length;
  featStart[leaf] = featId.length;
  tableStart[leaf] = entries;
  const table = new Float64Array(entries);
  for (let j = 0; j < tables.length; j++) table.set(tables[j], tableStart[j]);
  return {
    treeLeafStart,
    edgeStart,
    edgeNode: Int32Array.from(edgeNode),
    edgeLeft: Uint8Array.from(edgeLeft),
    edgeBit: Int32Array.from(edgeBit),
    featStart,
    featId: Int32Array.from(featId),
    coef: Float64Array.from(coef),
    tableStart,
    table,
    maxTreeNodes,
  };
}

/** Adds the SHAP values of the row at `x[offset]` into `phi` using the tables. */
export function tableShap(f: Forest, s: ShapTables, x: ArrayLike<number>, offset: number, phi: Float64Array): void {
  const { feature, threshold, defaultLeft } = f;
  const { treeLeafStart, edgeStart, edgeNode, edgeLeft, edgeBit, featStart, featId, coef, tableStart, table } = s;
  const goesLeft = new Uint8Array(f.nNodes > 0 ? s.maxTreeNodes : 0);
  for (let t = 0; t < f.nTrees; t++) {
    const base = f.roots[t];
    const end = t + 1 < f.nTrees ? f.roots[t + 1] : f.nNodes;
    for (let n = base; n < end; n++) {
      const j = feature[n];
      if (j < 0) continue;
      const v = x[offset + j];
      goesLeft[n - base] = v <= threshold[n] || (v !== v && defaultLeft[n] === 1) ? 1 : 0;
    }
    for (let l = treeLeafStart[t]; l < treeLeafStart[t + 1]; l++) {
      const f0 = featStart[l];
      const d = featStart[l + 1] - f0;
      if (d === 0) continue;
      let on = (1 << d) - 1;
      for (let e = edgeStart[l]; e < edgeStart[l + 1]; e++) {
        if (goesLeft[edgeNode[e] - base] !== edgeLeft[e]) on &= ~(1 << edgeBit[e]);
      }
      const h = tableStart[l];
      const off = -table[h + on];
      for (let k = 0; k < d; k++) {
        const bit = 1 << k;
        if (on & bit) phi[featId[f0 + k]] += coef[f0 + k] * table[h + (on ^ bit)];
        else phi[featId[f0 + k]] += off;
      }
    }
  }
}
