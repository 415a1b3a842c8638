// What the ring horizon changes on the demo bank: scores one seeded demo bank (planted schemes,
// shared devices and phones) with each horizon and prints, per horizon, how many transactions'
// ring features differ from the all-time run (a horizon longer than the data), the mean absolute
// difference of from_ring_risk, the mean ring risk (payer's or payee's, the larger) on planted and
// on other transactions, and alerts on planted and on other transactions (rules only, no model).
//
//   node bench/ring-horizon.mjs [DAYS=120] [HORIZONS=7d,30d,90d]
import { defaultEngineConfig } from '../dist/src/engine/config.js';
import { buildScorer } from '../dist/src/engine/runtime.js';
import { parseDuration } from '../dist/src/features/config.js';
import { generateBank } from '../dist/src/demo/index.js';

const days = Number(process.argv[2] ?? 120);
const horizons = (process.argv[3] ?? '7d,30d,90d').split(',');
const bank = generateBank({ seed: 20260101, days, targetTransactions: Math.round((200_000 * days) / 60) });
const txs = bank.transactions;

function run(horizonMs) {
  const scorer = buildScorer({ ...defaultEngineConfig(), ringHorizonMs: horizonMs });
  const names = scorer.features.names;
  const fr = names.indexOf('from_ring_risk');
  const tr = names.indexOf('to_ring_risk');
  const risk = new Float64Array(txs.length * 2);
  const alert = new Uint8Array(txs.length);
  const started = process.cpuUsage();
  txs.forEach((t, i) => {
    const d = scorer.score(t);
    risk[2 * i] = scorer.vector[fr];
    risk[2 * i + 1] = scorer.vector[tr];
    alert[i] = d.decision === 'ALLOW' ? 0 : 1;
  });
  const cpu = process.cpuUsage(started);
  return { risk, alert, cpuS: (cpu.user + cpu.system) / 1e6 };
}

const base = run(10_000 * 86_400_000);
const summary = (name, r) => {
  let planted = 0, other = 0, differ = 0, abs = 0;
  // Separation: the mean ring risk (the larger of payer's and payee's) on planted and on other transactions.
  let riskPlanted = 0, riskOther = 0;
  txs.forEach((t, i) => {
    const m = Math.max(r.risk[2 * i], r.risk[2 * i + 1]);
    if (bank.labels.has(t.id)) riskPlanted += m;
    else riskOther += m;
    if (r.alert[i]) bank.labels.has(t.id) ? planted++ : other++;
    if (r.risk[2 * i] !== base.risk[2 * i] || r.risk[2 * i + 1] !== base.risk[2 * i + 1]) differ++;
    abs += Math.abs(r.risk[2 * i] - base.risk[2 * i]);
  });
  console.log(`bench=ring-horizon days=${days} tx=${txs.length} planted=${bank.labels.size} horizon=${name} ring_features_differ=${differ} mean_abs_from_ring_risk_diff=${(abs / txs.length).toExponential(2)} mean_ring_risk_planted=${(riskPlanted / bank.labels.size).toFixed(4)} mean_ring_risk_other=${(riskOther / (txs.length - bank.labels.size)).toFixed(4)} alerts_planted=${planted} alerts_other=${other} cpu_s=${r.cpuS.toFixed(1)}`);
};
summary('all', base);
for (const h of horizons) summary(h, run(parseDuration(h)));
