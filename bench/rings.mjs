// Community-detection benchmark: a planted-partition graph (default 1,000,000 nodes,
// 5,000,000 edges, groups of 20–180 nodes, 25 % of edges random; seeded), its edge list
// written to /tmp, then our Leiden, Louvain and connected components, one incremental update
// after 10,000 new edges, and — in the same command — igraph (Debian's python3-igraph, run
// with /usr/bin/python3) on the same edge list: community_leiden(objective_function=
// "modularity"), community_multilevel and connected_components. Only the algorithms are timed
// on both sides; loading (parse + CSR build / Read_Edgelist) is reported apart.
//
// Usage: npx tsc -p . && node --max-old-space-size=8192 bench/rings.mjs [nodes] [edges]
//   BENCH_RINGS_IGRAPH=0 skips igraph; BENCH_RINGS_FULL_RECHECK=0 skips the full recompute
//   that the incremental result is compared with.
// Prints detail lines and one summary line:
//   bench=rings nodes=… edges=… ours_s=… igraph_s=… ratio=… modularity_ours=… modularity_igraph=…
//   incremental_s=… peak_rss_mb=… (ours_s / igraph_s / modularity_*: Leiden; more fields follow)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { connectedComponents } from '../dist/src/analytics/components.js';
import { csrAddEdges, csrFromEdges } from '../dist/src/analytics/csr.js';
import { updateCommunities } from '../dist/src/analytics/incremental.js';
import { leiden } from '../dist/src/analytics/leiden.js';
import { louvain } from '../dist/src/analytics/louvain.js';
import { modularity } from '../dist/src/analytics/modularity.js';
import { SeededRandom } from '../dist/src/analytics/prng.js';

const N = Number(process.argv[2] ?? 1_000_000);
const E = Number(process.argv[3] ?? 5_000_000);
const MIX = 0.25;
const NEW_EDGES = 10_000;
const SEED = 20240601;
const edgePath = `/tmp/ringwatch-rings-${N}-${E}.txt`;
const igraphMembershipPath = `/tmp/ringwatch-rings-${N}-${E}.igraph-leiden.i32`;
const PYTHON = '/usr/bin/python3';
const wantIgraph = process.env.BENCH_RINGS_IGRAPH !== '0';
const fullRecheck = process.env.BENCH_RINGS_FULL_RECHECK !== '0';

const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'NA');

// ---- generate (seeded) -------------------------------------------------------------
const rng = new SeededRandom(SEED);
const group = new Int32Array(N);
const groupStart = [];
const groupSize = [];
for (let i = 0, g = 0; i < N; g++) {
  const size = Math.min(N - i, 20 + rng.int(161));
  groupStart.push(i);
  groupSize.push(size);
  group.fill(g, i, i + size);
  i += size;
}
function randomEdge(out, k) {
  const a = rng.int(N);
  let b = a;
  while (b === a) {
    if (rng.next() < MIX) b = rng.int(N);
    else b = groupStart[group[a]] + rng.int(groupSize[group[a]]);
  }
  out.u[k] = a;
  out.v[k] = b;
}
let t0 = performance.now();
const gen = { u: new Int32Array(E), v: new Int32Array(E) };
for (let e = 0; e < E; e++) randomEdge(gen, e);
const extra = { u: new Int32Array(NEW_EDGES), v: new Int32Array(NEW_EDGES) };
for (let e = 0; e < NEW_EDGES; e++) randomEdge(extra, e);
const chunks = [];
for (let e = 0; e < E; e += 200_000) {
  let s = '';
  for (let i = e; i < Math.min(E, e + 200_000); i++) s += gen.u[i] + ' ' + gen.v[i] + '\n';
  chunks.push(s);
}
writeFileSync(edgePath, chunks.join(''));
chunks.length = 0;
console.log(`rings: generated ${N} nodes, ${E} edges, ${groupStart.length} planted groups, mix ${MIX}; wrote ${edgePath} in ${fmt(seconds(t0), 1)} s`);
gen.u = gen.v = null;

// ---- ours: load -------------------------------------------------------------------
t0 = performance.now();
const text = readFileSync(edgePath);
const u = new Int32Array(E);
const v = new Int32Array(E);
let m = 0;
for (let i = 0, x = 0, first = true, inNum = false; i < text.length; i++) {
  const c = text[i];
  if (c >= 48 && c <= 57) {
    x = x * 10 + (c - 48);
    inNum = true;
  } else if (inNum) {
    if (first) u[m] = x;
    else v[m++] = x;
    first = !first;
    x = 0;
    inNum = false;
  }
}
const graph = csrFromEdges(N, u, v, undefined, m);
const oursLoad = seconds(t0);
console.log(`ours: load ${fmt(oursLoad)} s (parse + CSR, ${graph.targets.length} entries)`);

// ---- ours: algorithms -------------------------------------------------------------
t0 = performance.now();
const ld = leiden(graph, { seed: 1 });
const oursLeiden = seconds(t0);
console.log(`ours: leiden ${fmt(oursLeiden)} s modularity ${fmt(ld.modularity, 5)} communities ${ld.communityCount} iterations ${ld.iterations} levels ${ld.levels}`);
t0 = performance.now();
const lv = louvain(graph, { seed: 1 });
const oursLouvain = seconds(t0);
console.log(`ours: louvain ${fmt(oursLouvain)} s modularity ${fmt(lv.modularity, 5)} communities ${lv.communityCount} levels ${lv.levels}`);
t0 = performance.now();
const cc = connectedComponents(graph);
const oursCc = seconds(t0);
console.log(`ours: components ${fmt(oursCc)} s count ${cc.count}`);

// ---- ours: incremental ------------------------------------------------------------
t0 = performance.now();
const graph2 = csrAddEdges(graph, extra.u, extra.v);
const incGraph = seconds(t0);
const touched = new Int32Array(2 * NEW_EDGES);
touched.set(extra.u);
touched.set(extra.v, NEW_EDGES);
t0 = performance.now();
const inc = updateCommunities(graph2, ld.membership, touched, { seed: 1 });
const incCommunities = seconds(t0);
const incTotal = incGraph + incCommunities;
console.log(
  `ours: incremental after ${NEW_EDGES} edges ${fmt(incTotal)} s (graph ${fmt(incGraph)} s, communities ${fmt(incCommunities)} s) ` +
    `modularity ${fmt(inc.modularity, 5)} revisited ${inc.visitedNodes}/${inc.totalNodes} (${fmt(100 * inc.revisitedShare, 2)} %)`,
);
let fullAfter = NaN;
let fullAfterS = NaN;
if (fullRecheck) {
  t0 = performance.now();
  fullAfter = leiden(graph2, { seed: 1 }).modularity;
  fullAfterS = seconds(t0);
  console.log(`ours: full leiden after the update ${fmt(fullAfterS)} s modularity ${fmt(fullAfter, 5)}; incremental/full ${fmt(inc.modularity / fullAfter, 5)}`);
}
const peakRss = process.resourceUsage().maxRSS / 1024;

// ---- igraph (same command) --------------------------------------------------------
const py = String.raw`
import sys, time, json, resource, array
import igraph as ig
path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = time.perf_counter(); g = ig.Graph.Read_Edgelist(path, directed=False)
if g.vcount() < n: g.add_vertices(n - g.vcount())
load = time.perf_counter() - t
t = time.perf_counter(); ld = g.community_leiden(objective_function="modularity", n_iterations=2); ld_s = time.perf_counter() - t
ld_q = g.modularity(ld.membership)
array.array('i', ld.membership).tofile(open(out, 'wb'))
t = time.perf_counter(); ml = g.community_multilevel(); ml_s = time.perf_counter() - t
ml_q = g.modularity(ml.membership)
t = time.perf_counter(); cc = g.connected_components(); cc_s = time.perf_counter() - t
print(json.dumps(dict(version=ig.__version__, load=load, leiden=ld_s, leiden_q=ld_q, leiden_k=len(ld), multilevel=ml_s, multilevel_q=ml_q, multilevel_k=len(ml), cc=cc_s, cc_k=len(cc), rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
`;
let ig = null;
let igraphNote = '';
if (!wantIgraph) igraphNote = 'skipped (BENCH_RINGS_IGRAPH=0)';
else if (!existsSync(PYTHON)) igraphNote = `${PYTHON} not found`;
else {
  const r = spawnSync(PYTHON, ['-c', py, edgePath, String(N), igraphMembershipPath], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = (r.stdout ?? '').trim().split('\n').pop();
  if (r.status === 0 && line) ig = JSON.parse(line);
  else igraphNote = `igraph failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`;
}
let crossCheck = NaN;
if (ig) {
  const memb = new Int32Array(readFileSync(igraphMembershipPath).buffer.slice(0));
  crossCheck = modularity(graph, memb);
  console.log(
    `igraph ${ig.version}: load ${fmt(ig.load)} s; leiden ${fmt(ig.leiden)} s modularity ${fmt(ig.leiden_q, 5)} (ours computes ${fmt(crossCheck, 5)} for that partition) communities ${ig.leiden_k}; ` +
      `multilevel ${fmt(ig.multilevel)} s modularity ${fmt(ig.multilevel_q, 5)} communities ${ig.multilevel_k}; components ${fmt(ig.cc)} s count ${ig.cc_k}; peak rss ${fmt(ig.rss_mb, 0)} MB`,
  );
} else {
  console.log(`igraph: not run — ${igraphNote}; reporting ours alone`);
}

const f = (x, d) => (ig ? fmt(x, d) : 'NA');
console.log(
  [
    'bench=rings',
    `nodes=${N}`,
    `edges=${E}`,
    `ours_s=${fmt(oursLeiden)}`,
    `igraph_s=${f(ig?.leiden, 3)}`,
    `ratio=${f(oursLeiden / ig?.leiden, 3)}`,
    `modularity_ours=${fmt(ld.modularity, 5)}`,
    `modularity_igraph=${f(ig?.leiden_q, 5)}`,
    `incremental_s=${fmt(incTotal)}`,
    `peak_rss_mb=${fmt(peakRss, 0)}`,
    `louvain_ours_s=${fmt(oursLouvain)}`,
    `louvain_igraph_s=${f(ig?.multilevel, 3)}`,
    `louvain_ratio=${f(oursLouvain / ig?.multilevel, 3)}`,
    `louvain_modularity_ours=${fmt(lv.modularity, 5)}`,
    `louvain_modularity_igraph=${f(ig?.multilevel_q, 5)}`,
    `components_ours_s=${fmt(oursCc)}`,
    `components_igraph_s=${f(ig?.cc, 3)}`,
    `load_ours_s=${fmt(oursLoad)}`,
    `load_igraph_s=${f(ig?.load, 3)}`,
    `incremental_revisited_share=${fmt(inc.revisitedShare, 4)}`,
    `incremental_modularity_ratio=${fmt(inc.modularity / fullAfter, 5)}`,
    `igraph_peak_rss_mb=${f(ig?.rss_mb, 0)}`,
  ].join(' '),
);
