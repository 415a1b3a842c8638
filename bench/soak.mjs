// Soak benchmark: one `ringwatch serve` (fresh SQLite store, fsync per commit) driven at a fixed
// rate for a long time by a fixed population of accounts whose event times advance fast enough
// that every feature window (the longest is 30 days) expires many times over the run. Samples
// the server's RSS (from /proc) and heap (from /metrics) every ~10 s and prints one line:
// bench=soak with the rate achieved, latency, RSS after the warm-up and at the end, the largest
// deviation from the post-warm-up RSS, and pass/fail against 10 % (plus the peak RSS of the
// first and last thirds after the warm-up, growth read through the heap's sawtooth).
//
//   node bench/soak.mjs [RATE=5000] [SECONDS=$BENCH_SOAK_SECONDS or 180] [DURABILITY=full]
//
// The warm-up ends once 90 days of event time have been sent (three turns of the 30-day window:
// the graph has reached the size its compactions keep it at) or after BENCH_SOAK_WARMUP_S.
// Environment: BENCH_SOAK_WARMUP_DAYS (90), BENCH_SOAK_WARMUP_S, BENCH_SOAK_ACCOUNTS (20000),
// BENCH_SOAK_DAYS_PER_MIN (event days per wall minute, 15: the 30-day window turns over every
// 2 minutes), BENCH_SOAK_SAMPLES=FILE (write every sample as CSV), BENCH_SOAK_SERVER_ARGS (extra
// `serve` arguments, e.g. "--config f.json").
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_KEY, startServer } from './serve-child.mjs';

const DAY = 86_400_000;
const rate = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? process.env.BENCH_SOAK_SECONDS ?? 180);
const durability = process.argv[4] ?? 'full';
const warmupS = process.env.BENCH_SOAK_WARMUP_S === undefined ? undefined : Number(process.env.BENCH_SOAK_WARMUP_S);
const warmupDays = Number(process.env.BENCH_SOAK_WARMUP_DAYS ?? 90);
const ACCOUNTS = Number(process.env.BENCH_SOAK_ACCOUNTS ?? 20_000);
const daysPerMin = Number(process.env.BENCH_SOAK_DAYS_PER_MIN ?? 15);
const stepMs = (daysPerMin * DAY) / (rate * 60);
const SAMPLE_MS = 10_000;
const t0 = Date.UTC(2025, 0, 1);

/** 32-bit mix (splitmix-style), for a deterministic stream without state per account. */
function mix(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A fixed population and a fixed relationship graph: each account pays its 6 usual payees most
 * often, 6 occasional ones now and then, and 10 shared merchants (legal persons, accounts 0–9).
 * Distinct pairs are bounded (the pair features keep all-time state per pair), so after the
 * warm-up the workload is stationary: same accounts, same pairs, windows turning over.
 */
function traffic(tag) {
  let seq = 0;
  return (req) => {
    const i = seq++;
    const h = mix(i * 2 + 1);
    const a = 10 + (h % (ACCOUNTS - 10));
    const k = mix(h ^ 0x9e3779b9);
    const pick = k % 100;
    let b;
    if (pick < 70) b = 10 + (mix(a * 16 + (k % 6)) % (ACCOUNTS - 10));
    else if (pick < 75) b = 10 + (mix(a * 16 + 8 + (k % 6)) % (ACCOUNTS - 10));
    else b = k % 10;
    const amount = 500 + (mix(k) % 200_000) * (pick < 2 ? 20 : 1);
    const channel = pick === 99 ? 'cash_out' : 'mobile';
    const time = Math.round(t0 + i * stepMs);
    const toType = b < 10 ? 'legal' : 'natural';
    req.body = `{"id":"${tag}-${i}","time":${time},"from":"A${a}","to":"A${b}","amount":${amount},"currency":"CNY","channel":"${channel}","from_type":"natural","to_type":"${toType}","device":"D${a}"}`;
    return req;
  };
}

function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function serverGauges(url) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_KEY}` } })).text();
  const get = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const d = (v) => get(`ringwatch_decisions_total\\{decision="${v}"\\}`);
  const alerts = d('REVIEW') + d('BLOCK');
  return { alertShare: alerts / (alerts + d('ALLOW')), lag: get('ringwatch_case_intake_lag_alerts'), heap: get('nodejs_heap_used_bytes'), edges: get('ringwatch_edges'), ringTransfers: get('ringwatch_ring_transfers'), gangEvidence: get('ringwatch_gang_evidence'), dropped: get('ringwatch_edges_dropped_total'), committed: get('ringwatch_committed_transactions') };
}

const dir = mkdtempSync(join(tmpdir(), 'rw-bench-soak-'));
const extra = (process.env.BENCH_SOAK_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const { child, url } = await startServer(join(dir, 'bench.db'), durability, extra);
const samples = [];
try {
  const started = Date.now();
  const sample = async () => {
    const g = await serverGauges(url).catch(() => ({}));
    samples.push({ s: (Date.now() - started) / 1000, rss: rssBytes(child.pid), ...g });
  };
  const timer = setInterval(() => void sample(), SAMPLE_MS);
  await sample();
  const result = await autocannon({
    url: `${url}/v1/transactions`, method: 'POST', connections: 16, pipelining: 1, duration: seconds, overallRate: rate,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: traffic(`k${started}`) }],
  });
  clearInterval(timer);
  await sample();
  // Event days sent by each sample (the server decides in arrival order, so committed ≈ sent).
  const days = (x) => (x.committed * stepMs) / DAY;
  const after = samples.filter((x) => (warmupS !== undefined ? x.s >= warmupS : days(x) >= warmupDays));
  const warmup = after.length ? after[0].s : NaN;
  const base = after[0]?.rss ?? NaN;
  const end = samples.at(-1).rss;
  const dev = after.length ? after.reduce((m, x) => Math.max(m, Math.abs(x.rss - base) / base), 0) : NaN;
  const mb = (b) => (b / 2 ** 20).toFixed(0);
  // The heap's sawtooth (old space grows between major collections) moves RSS by tens of MB from
  // one sample to the next, so a single baseline sample can sit on a peak or in a trough. Growth
  // is also read peak to peak: the highest RSS of the first third after the warm-up against the
  // highest of the last third.
  const third = Math.floor(after.length / 3);
  const peak = (xs) => Math.max(...xs.map((x) => x.rss));
  const peakFirst = third > 0 ? peak(after.slice(0, third)) : NaN;
  const peakLast = third > 0 ? peak(after.slice(after.length - third)) : NaN;
  if (process.env.BENCH_SOAK_SAMPLES) {
    writeFileSync(process.env.BENCH_SOAK_SAMPLES, 's,rss_mb,heap_mb,live_edges,dropped_edges,ring_transfers,gang_evidence,committed\n' + samples.map((x) => [x.s.toFixed(0), mb(x.rss), mb(x.heap), x.edges, x.dropped, x.ringTransfers, x.gangEvidence, x.committed].join(',')).join('\n') + '\n');
  }
  const lastEvent = t0 + (result['2xx'] + result.non2xx) * stepMs;
  console.log(
    `bench=soak durability=${durability} target_rps=${rate} seconds=${seconds} rps=${Math.round(result['2xx'] / seconds)} p50_ms=${result.latency.p50} p99_ms=${result.latency.p99} ` +
      `errors=${result.non2xx + result.errors} alert_share=${samples.at(-1).alertShare?.toFixed(3)} intake_lag_end=${samples.at(-1).lag} accounts=${ACCOUNTS} event_days=${((lastEvent - t0) / DAY).toFixed(0)} warmup_s=${warmup.toFixed(0)} ` +
      `rss_mb_after_warmup=${mb(base)} rss_mb_end=${mb(end)} rss_mb_max=${mb(Math.max(...after.map((x) => x.rss)))} heap_mb_after_warmup=${mb(after[0]?.heap)} heap_mb_end=${mb(samples.at(-1).heap)} ` +
      `live_edges_end=${samples.at(-1).edges} ring_transfers_end=${samples.at(-1).ringTransfers} gang_evidence_end=${samples.at(-1).gangEvidence} dropped_edges=${samples.at(-1).dropped} max_dev_pct=${(dev * 100).toFixed(1)} rss_mb_peak_first_third=${mb(peakFirst)} rss_mb_peak_last_third=${mb(peakLast)} peak_growth_pct=${((peakLast / peakFirst - 1) * 100).toFixed(1)} ${after.length < 2 ? 'no_samples_after_warmup' : dev <= 0.1 ? 'pass' : 'fail'}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
