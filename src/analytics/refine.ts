import type { Csr } from './csr.js';
import type { SeededRandom } from './prng.js';

/**
 * Leiden's refinement phase (Traag, Waltman & van Eck 2019, Algorithm A.2 for modularity).
 * Inside each community S of `comm`, every node starts alone; in random order, a node that is
 * still alone and well connected to S (w(v, S−v) ≥ γ k_v (K_S − k_v) / 2m) may join a well
 * connected refined community C ⊆ S with non-negative gain ΔH = w(v, C) − γ k_v K_C / 2m,
 * chosen with probability ∝ exp(ΔH / θ) (θ = `randomness`; staying alone is a candidate with
 * ΔH = 0). Every refined community is therefore connected, and a subset of one community.
 * Returns the refined community per node as node ids (the id of a node in the block);
 * renumber before use.
 */
export function refinePartition(
  g: Csr,
  comm: Int32Array,
  resolution: number,
  randomness: number,
  rng: SeededRandom,
): Int32Array {
  const n = g.nodeCount;
  const m2 = g.totalWeight;
  const { offsets, targets, weights, degrees } = g;
  const refined = new Int32Array(n);
  const totS = new Float64Array(n);
  for (let i = 0; i < n; i++) totS[comm[i]] += degrees[i];
  // Per refined community (indexed by a node id): total degree, node count, and weight to
  // the rest of its community S.
  const rTot = new Float64Array(n);
  const rSize = new Int32Array(n);
  const rExt = new Float64Array(n);
  const ext = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = comm[i];
    refined[i] = i;
    rTot[i] = degrees[i];
    rSize[i] = 1;
    let w = 0;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = targets[e];
      if (j !== i && comm[j] === c) w += weights[e];
    }
    ext[i] = w;
    rExt[i] = w;
    order[i] = i;
  }
  if (m2 === 0) return refined;
  rng.shuffle(order);

  const scale = resolution / m2;
  const neighW = new Float64Array(n);
  const neighPos = new Int32Array(n).fill(-1);
  const neighList = new Int32Array(n);
  const gains = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const v = order[q];
    if (refined[v] !== v || rSize[v] !== 1) continue;
    const s = comm[v];
    const kv = degrees[v];
    const kS = totS[s];
    if (ext[v] < kv * (kS - kv) * scale) continue;
    let listed = 0;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const j = targets[e];
      if (j === v || comm[j] !== s) continue;
      const r = refined[j];
      if (neighPos[r] === -1) {
        neighPos[r] = listed;
        neighList[listed++] = r;
        neighW[r] = weights[e];
      } else {
        neighW[r] += weights[e];
      }
    }
    // Candidates: well-connected neighbouring blocks with ΔH ≥ 0 (v itself: ΔH = 0).
    let maxGain = 0;
    let candidates = 0;
    for (let i = 0; i < listed; i++) {
      const r = neighList[i];
      const kR = rTot[r];
      let gain = -1;
      if (rExt[r] >= kR * (kS - kR) * scale) gain = neighW[r] - kv * kR * scale;
      gains[i] = gain;
      if (gain >= 0) {
        candidates++;
        if (gain > maxGain) maxGain = gain;
      }
    }
    let chosen = v;
    if (candidates > 0) {
      let total = 1 * Math.exp(-maxGain / randomness); // staying alone, ΔH = 0
      for (let i = 0; i < listed; i++) if (gains[i] >= 0) total += Math.exp((gains[i] - maxGain) / randomness);
      let x = rng.next() * total - Math.exp(-maxGain / randomness);
      if (x >= 0) {
        for (let i = 0; i < listed; i++) {
          if (gains[i] < 0) continue;
          chosen = neighList[i];
          x -= Math.exp((gains[i] - maxGain) / randomness);
          if (x < 0) break;
        }
      }
    }
    if (chosen !== v) {
      refined[v] = chosen;
      rTot[chosen] += kv;
      rSize[chosen]++;
      rExt[chosen] += ext[v] - 2 * neighW[chosen];
      rSize[v] = 0;
      rTot[v] = 0;
    }
    for (let i = 0; i < listed; i++) neighPos[neighList[i]] = -1;
  }
  return refined;
}

/**
 * Splits the communities flagged in `which` (by community id) into their connected pieces;
 * other communities stay whole. Returns a group id per node (renumber before use). The warm
 * start uses it instead of a full refinement: only a community that lost a node can have come
 * apart, and splitting it restores Leiden's guarantee that communities are connected.
 */
export function splitDisconnected(g: Csr, comm: Int32Array, which: Uint8Array): Int32Array {
  const n = g.nodeCount;
  const { offsets, targets } = g;
  const groups = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (groups[s] !== -1) continue;
    const c = comm[s];
    if (!which[c]) {
      groups[s] = n + c; // whole community: one group, ids past the node range
      continue;
    }
    groups[s] = s;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const x = stack[--top];
      for (let e = offsets[x]; e < offsets[x + 1]; e++) {
        const y = targets[e];
        if (groups[y] === -1 && comm[y] === c) {
          groups[y] = s;
          stack[top++] = y;
        }
      }
    }
  }
  return groups;
}
