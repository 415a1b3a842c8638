import { firstEdgeAtOrAfter, type TemporalGraph } from './temporal-graph.js';

export interface PathQuery {
  /** The account to search from. */
  from: number;
  /** One account, a set of accounts, or flags by account id (e.g. the listed accounts). */
  to: number | ReadonlySet<number> | Uint8Array;
  /** Most hops per path (default 4). */
  maxHops?: number;
  /** Paths returned at most (default 5). */
  k?: number;
  /** Hops no earlier than this (default −∞; in a reversed graph, no later than −startTime). */
  startTime?: number;
  /** Hops no later than this (default +∞). */
  endTime?: number;
  /** Longest wait between one hop and the next (default +∞). */
  maxGap?: number;
  /** Each hop's amount within ±tolerance (a fraction: 0.2 = ±20 %) of the previous hop's (default: off). */
  amountTolerance?: number;
  /** Edges examined at most; past it the search stops with `truncated` (default 100,000). */
  maxVisited?: number;
}

/** One path: accounts in money-flow order and, per hop, the transaction behind it. */
export interface TemporalPath {
  nodes: number[];
  /** Transaction index per hop (into the arrays the temporal graph was built from). */
  transactions: number[];
  times: number[];
  amounts: number[];
  hops: number;
  /** Time of the hop that reaches the target (in a reversed search: of the hop that leaves it). */
  arrival: number;
}

export interface PathSubgraph {
  nodes: { id: number; name?: string }[];
  edges: { src: number; dst: number; transactions: { tx: number; id?: string; time: number; amount: number }[] }[];
}

export interface PathSearchResult {
  /** Fewest hops first, then earliest arrival (reversed search: latest departure). */
  paths: TemporalPath[];
  /** The union of the paths: accounts, account pairs, and the transactions behind each pair. */
  subgraph: PathSubgraph;
  visitedEdges: number;
  visitedStates: number;
  truncated: boolean;
}

/**
 * The k shortest time-respecting paths from `from` to a target: each hop's transfer is no
 * earlier than the previous hop's (and within `maxGap` of it, inside [startTime, endTime]),
 * optionally amount-consistent, paths simple (no account twice), at most `maxHops` hops, a
 * path ends at the first target it reaches. Ordered by hops, then arrival time.
 *
 * Level-synchronous search over path states with a bounded budget of edges examined. Without
 * amount consistency, a state (account, hops, arrival) is dropped when k states already reached
 * that account in no more hops and no later — any continuation of it is a continuation of
 * those. This keeps the search small and is exact for k = 1 without `maxGap` (the earliest
 * time-respecting walk with fewest hops is always simple); for k > 1 a path can rarely be
 * missed when its dominating prefixes all cross its suffix. With amount consistency nothing
 * is dropped (the last amount decides the next hops), and `maxVisited` bounds the work.
 * On a reversed temporal graph this is a backward search; the paths come back in money-flow
 * order (upstream account first).
 */
export function searchPaths(g: TemporalGraph, query: PathQuery): PathSearchResult {
  const maxHops = query.maxHops ?? 4;
  const k = query.k ?? 5;
  const startTime = query.startTime ?? -Infinity;
  const endTime = query.endTime ?? Infinity;
  const maxGap = query.maxGap ?? Infinity;
  const tol = query.amountTolerance;
  const maxVisited = query.maxVisited ?? 100_000;
  const to = query.to;
  const isTarget = (v: number): boolean =>
    typeof to === 'number' ? v === to : to instanceof Uint8Array ? to[v] === 1 : to.has(v);
  if (!(query.from >= 0 && query.from < g.nodeCount)) throw new RangeError(`account ${query.from} is not in the graph`);

  // Path states, struct-of-arrays: node, parent state, edge taken, arrival time.
  let cap = 1024;
  let stNode: Int32Array = new Int32Array(cap);
  let stParent: Int32Array = new Int32Array(cap);
  let stEdge: Int32Array = new Int32Array(cap);
  let stTime: Float64Array = new Float64Array(cap);
  let states = 1;
  stNode[0] = query.from;
  stParent[0] = -1;
  stEdge[0] = -1;
  stTime[0] = startTime;
  const ensure = (): void => {
    if (states < cap) return;
    cap *= 2;
    stNode = grow32(stNode, cap);
    stParent = grow32(stParent, cap);
    stEdge = grow32(stEdge, cap);
    stTime = grow64(stTime, cap);
  };
  /** Per account reached: the k earliest accepted arrivals, ascending (dominance pruning). */
  const best = new Map<number, number[]>();
  const prune = tol === undefined;
  const found: number[] = [];
  let frontier = [0];
  let visitedEdges = 0;
  let truncated = false;

  for (let hop = 0; hop < maxHops && frontier.length > 0 && !truncated; hop++) {
    const candidates: number[] = [];
    for (const s of frontier) {
      const v = stNode[s];
      const arrival = stTime[s];
      const prevAmount = stEdge[s] >= 0 ? g.amounts[stEdge[s]] : NaN;
      const end = g.offsets[v + 1];
      for (let e = firstEdgeAtOrAfter(g, v, arrival); e < end; e++) {
        const t = g.times[e];
        if (t > endTime || (hop > 0 && t - arrival > maxGap)) break;
        if (++visitedEdges > maxVisited) {
          truncated = true;
          break;
        }
        const w = g.targets[e];
        if (onPath(w, s, stNode, stParent)) continue;
        if (tol !== undefined && hop > 0 && Math.abs(g.amounts[e] - prevAmount) > tol * Math.abs(prevAmount)) continue;
        ensure();
        stNode[states] = w;
        stParent[states] = s;
        stEdge[states] = e;
        stTime[states] = t;
        candidates.push(states++);
      }
      if (truncated) break;
    }
    // Accept in arrival order so the dominance check keeps the earliest.
    candidates.sort((a, b) => stTime[a] - stTime[b] || stEdge[a] - stEdge[b] || a - b);
    const next: number[] = [];
    for (const c of candidates) {
      const w = stNode[c];
      if (prune) {
        const t = stTime[c];
        let list = best.get(w);
        if (list === undefined) best.set(w, (list = []));
        if (list.length >= k && list[k - 1] <= t) continue; // k no-later arrivals in ≤ this many hops
        let i = list.length;
        while (i > 0 && list[i - 1] > t) i--;
        list.splice(i, 0, t);
        if (list.length > k) list.length = k;
      }
      if (isTarget(w)) found.push(c);
      else next.push(c);
    }
    frontier = next;
    if (found.length >= k) break;
  }
  const paths = found.slice(0, k).map((s) => pathOf(g, s, stNode, stParent, stEdge));
  return { paths, subgraph: subgraphOf(g, paths), visitedEdges: Math.min(visitedEdges, maxVisited), visitedStates: states, truncated };
}

function onPath(w: number, s: number, stNode: Int32Array, stParent: Int32Array): boolean {
  for (let x = s; x !== -1; x = stParent[x]) if (stNode[x] === w) return true;
  return false;
}

function pathOf(g: TemporalGraph, s: number, stNode: Int32Array, stParent: Int32Array, stEdge: Int32Array): TemporalPath {
  let nodes: number[] = [];
  const edges: number[] = [];
  for (let x = s; x !== -1; x = stParent[x]) {
    nodes.push(stNode[x]);
    if (stEdge[x] >= 0) edges.push(stEdge[x]);
  }
  nodes.reverse();
  edges.reverse();
  let transactions = edges.map((e) => g.tx[e]);
  let times = edges.map((e) => (g.reversed ? -g.times[e] : g.times[e]));
  let amounts = edges.map((e) => g.amounts[e]);
  if (g.reversed) {
    nodes = nodes.reverse();
    transactions = transactions.reverse();
    times = times.reverse();
    amounts = amounts.reverse();
  }
  const last = edges[edges.length - 1];
  return { nodes, transactions, times, amounts, hops: edges.length, arrival: g.reversed ? -g.times[last] : g.times[last] };
}

function subgraphOf(g: TemporalGraph, paths: TemporalPath[]): PathSubgraph {
  const nodeSet = new Set<number>();
  const edges = new Map<string, PathSubgraph['edges'][number]>();
  const txSeen = new Set<number>();
  for (const p of paths) {
    for (const v of p.nodes) nodeSet.add(v);
    for (let i = 0; i < p.hops; i++) {
      const src = p.nodes[i];
      const dst = p.nodes[i + 1];
      const key = `${src}>${dst}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { src, dst, transactions: [] }));
      const tx = p.transactions[i];
      if (txSeen.has(tx)) continue;
      txSeen.add(tx);
      edge.transactions.push({ tx, ...(g.txIds ? { id: g.txIds[tx] } : {}), time: p.times[i], amount: p.amounts[i] });
    }
  }
  return {
    nodes: [...nodeSet].sort((a, b) => a - b).map((id) => (g.names ? { id, name: g.names[id] } : { id })),
    edges: [...edges.values()].map((e) => ({ ...e, transactions: e.transactions.sort((a, b) => a.time - b.time || a.tx - b.tx) })),
  };
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function grow64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
