// Feature-extraction benchmark: N synthetic transactions (default 1,000,000) through a fresh
// FeatureExtractor with the default configuration, timing `apply` alone and `apply` followed by
// the built-in rule packs (the scoring pipeline without storage). Best of `runs` runs.
// Usage: npx tsc -p . && node bench/features.mjs [n] [listed-accounts] [runs]
//   listed-accounts (default 0): list that many accounts (every 97th synthetic name) so the
//   distance-to-listed searches run.
// Prints: bench=features n=… listed=… tx_per_s=… pipeline_tx_per_s=… bytes_per_edge=… truncated_share=…
import { performance } from 'node:perf_hooks';
import { featureSchema } from '../dist/src/features/catalog.js';
import { DEFAULT_FEATURE_CONFIG } from '../dist/src/features/config.js';
import { FeatureExtractor } from '../dist/src/features/extractor.js';
import { builtinRuleDir } from '../dist/src/rules/builtin.js';
import { loadRuleFiles } from '../dist/src/rules/load.js';
import { syntheticTransactions } from './synthetic.mjs';

const n = Number(process.argv[2] ?? 1_000_000);
const listedCount = Number(process.argv[3] ?? 0);
const runs = Number(process.argv[4] ?? 3);
const txs = syntheticTransactions(n);
const rules = loadRuleFiles([builtinRuleDir()], featureSchema(DEFAULT_FEATURE_CONFIG));

function once(withRules) {
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  for (let i = 0; i < listedCount; i++) ex.listed.addAccount(`A${String(i * 97).padStart(7, '0')}`);
  const v = ex.newVector();
  const at = ex.names.indexOf('search_truncated');
  let truncated = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    ex.apply(txs[i], v);
    if (withRules) rules.evaluate(v, txs[i]);
    if (v[at] > 0) truncated++;
  }
  return { rate: n / ((performance.now() - start) / 1000), ex, truncated };
}

let best = { rate: 0 };
let pipeline = 0;
for (let r = 0; r < runs; r++) {
  const a = once(false);
  if (a.rate > best.rate) best = a;
  pipeline = Math.max(pipeline, once(true).rate);
}
console.log(
  `bench=features n=${n} listed=${listedCount} tx_per_s=${Math.round(best.rate)} pipeline_tx_per_s=${Math.round(pipeline)} ` +
    `bytes_per_edge=${best.ex.memory().bytesPerEdge.toFixed(1)} truncated_share=${(best.truncated / n).toFixed(3)}`,
);
