import type { Csr } from './csr.js';
import type { SeededRandom } from './prng.js';

/** What one local-moving phase did. */
export interface MoveStats {
  /** Nodes taken off the queue and evaluated. */
  visits: number;
  /** Nodes that changed community. */
  moves: number;
}

/**
 * Fast local moving (Traag, Waltman & van Eck 2019, as used by Leiden; a queue-driven form of
 * Louvain's first phase). Every node in `queue` is visited once; a node moves to the
 * neighbouring community (or an empty one) with the largest modularity gain
 *   ΔQ ∝ w(v, D) − γ · k_v · K_D / 2m,
 * ties keeping the node where it is; when it moves, its neighbours outside its new community
 * are queued again. Runs until the queue is empty. `comm` (ids in 0..n-1) is updated in
 * place. When `dirty` is given, the ids of communities that lost a node are marked (only they
 * can have become disconnected);
 * when `visited` is given, every node visited is marked.
 * Deterministic: the order comes only from `queue` (or a permutation drawn from `rng`).
 */
export function moveNodesFast(
  g: Csr,
  comm: Int32Array,
  resolution: number,
  rng: SeededRandom,
  queue?: Int32Array,
  dirty?: Uint8Array,
  visited?: Uint8Array,
): MoveStats {
  const n = g.nodeCount;
  const m2 = g.totalWeight;
  if (n === 0 || m2 === 0) return { visits: 0, moves: 0 };
  const { offsets, targets, weights, degrees } = g;
  const tot = new Float64Array(n);
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    tot[comm[i]] += degrees[i];
    size[comm[i]]++;
  }
  const empty = new Int32Array(n);
  let emptyTop = 0;
  for (let c = n - 1; c >= 0; c--) if (size[c] === 0) empty[emptyTop++] = c;

  const ring = new Int32Array(n);
  const inQueue = new Uint8Array(n);
  const start = queue ?? rng.permutation(n);
  let head = 0;
  let count = 0;
  for (let i = 0; i < start.length; i++) {
    const v = start[i];
    if (inQueue[v]) continue;
    inQueue[v] = 1;
    ring[count++] = v;
  }
  let tail = count % n;

  // Weight from v to each neighbouring community; a community enters the list when its
  // weight is still 0 (a zero-weight edge may list it twice, which is harmless).
  const neighW = new Float64Array(n);
  const neighList = new Int32Array(n);
  const scale = resolution / m2;
  let visits = 0;
  let moves = 0;

  while (count > 0) {
    const v = ring[head];
    head = head + 1 === n ? 0 : head + 1;
    count--;
    inQueue[v] = 0;
    visits++;
    if (visited) visited[v] = 1;
    const c = comm[v];
    const kv = degrees[v];
    const rowStart = offsets[v];
    const rowEnd = offsets[v + 1];
    let listed = 0;
    for (let e = rowStart; e < rowEnd; e++) {
      const j = targets[e];
      if (j === v) continue;
      const d = comm[j];
      if (neighW[d] === 0) neighList[listed++] = d;
      neighW[d] += weights[e];
    }
    tot[c] -= kv;
    size[c]--;
    let best = c;
    let bestGain = neighW[c] - kv * tot[c] * scale;
    for (let i = 0; i < listed; i++) {
      const d = neighList[i];
      if (d === c) continue;
      const gain = neighW[d] - kv * tot[d] * scale;
      if (gain > bestGain) {
        bestGain = gain;
        best = d;
      }
    }
    for (let i = 0; i < listed; i++) neighW[neighList[i]] = 0;
    if (bestGain < 0 && size[c] > 0 && emptyTop > 0) {
      best = empty[--emptyTop];
      bestGain = 0;
    }
    tot[best] += kv;
    size[best]++;
    if (best === c) continue;
    if (size[c] === 0) empty[emptyTop++] = c;
    comm[v] = best;
    moves++;
    if (dirty) dirty[c] = 1;
    for (let e = rowStart; e < rowEnd; e++) {
      const j = targets[e];
      if (inQueue[j] || comm[j] === best) continue;
      inQueue[j] = 1;
      ring[tail] = j;
      tail = tail + 1 === n ? 0 : tail + 1;
      count++;
    }
  }
  return { visits, moves };
}
