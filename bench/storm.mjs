// Alert-storm benchmark: the same traffic twice, once quiet and once with nearly every
// transaction alerting (5,000 busy accounts sharing 500 devices: graph.shared_device), each on a
// fresh `ringwatch serve`. Prints one line: bench=storm with both throughputs, their ratio, the
// storm's p99 at a fixed rate (autocannon's bursts and evenly paced), and how long case filing took to catch up afterwards.
import autocannon from 'autocannon';
import { paced } from './paced.mjs';
import { BENCH_KEY, startServer } from './serve-child.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = BENCH_KEY;
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const fixedRate = Number(process.argv[2] ?? 5000);
const durability = process.argv[3] ?? 'full';
const ACCOUNTS = 5000;
const t0 = Date.UTC(2026, 0, 1);

async function metrics(url) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
  const get = (re) => Number(re.exec(text)?.[1] ?? NaN);
  const allow = get(/^ringwatch_decisions_total\{decision="ALLOW"\} (\S+)$/m);
  const review = get(/^ringwatch_decisions_total\{decision="REVIEW"\} (\S+)$/m);
  const block = get(/^ringwatch_decisions_total\{decision="BLOCK"\} (\S+)$/m);
  return { alertShare: (review + block) / (allow + review + block), lag: get(/^ringwatch_case_intake_lag_alerts (\S+)$/m) };
}

/** The same transactions either way; only whether accounts share devices differs. */
function traffic(storm) {
  let seq = 0;
  const next = () => {
    const i = seq++;
    const a = (i * 7919) % ACCOUNTS;
    const b = (i * 104_729 + 1) % ACCOUNTS;
    const device = storm ? `D${a % 500}` : `D-A${a}`;
    return `{"id":"s${i}","time":${t0 + i * 50},"from":"A${a}","to":"A${b}","amount":${1000 + (i % 5000) * 17},"channel":"mobile","device":"${device}"}`;
  };
  return { next, setupRequest: (req) => ((req.body = next()), req) };
}

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const run = (url, setupRequest, rate, duration) =>
  autocannon({
    url: `${url}/v1/transactions`, method: 'POST', connections: rate > 0 ? 16 : 64, pipelining: 1, duration,
    overallRate: rate > 0 ? rate : undefined,
    headers,
    requests: [{ setupRequest }],
  });

async function phase(storm) {
  const dir = mkdtempSync(join(tmpdir(), 'rw-bench-storm-'));
  const { child, url } = await startServer(join(dir, 'bench.db'), durability);
  try {
    const gen = traffic(storm);
    await run(url, gen.setupRequest, 0, Math.min(3, seconds)); // warm-up, not reported
    const max = await run(url, gen.setupRequest, 0, seconds);
    const fixed = await run(url, gen.setupRequest, fixedRate, seconds);
    // The same rate spread evenly over each second (bench/paced.mjs), latency from when each was due.
    const even = await paced({ url: `${url}/v1/transactions`, headers, rate: fixedRate, seconds, body: () => gen.next() });
    const m = await metrics(url);
    const started = Date.now();
    let lag = m.lag;
    while (lag > 0 && Date.now() - started < 300_000) {
      await new Promise((r) => setTimeout(r, 250));
      lag = (await metrics(url)).lag;
    }
    return {
      rps: Math.round(max['2xx'] / seconds), p99Max: max.latency.p99, fixedRps: Math.round(fixed['2xx'] / seconds), p99Fixed: fixed.latency.p99,
      pacedRps: Math.round(even.ok / seconds), p99Paced: even.p99.toFixed(1),
      errors: max.non2xx + max.errors + fixed.non2xx + fixed.errors + even.non2xx + even.errors, alertShare: m.alertShare, lagAfter: m.lag, catchUpS: (Date.now() - started) / 1000,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const quiet = await phase(false);
const storm = await phase(true);
console.log(
  `bench=storm durability=${durability} no_storm_rps=${quiet.rps} storm_rps=${storm.rps} ratio=${(storm.rps / quiet.rps).toFixed(2)} ` +
    `no_storm_alert_share=${quiet.alertShare.toFixed(2)} storm_alert_share=${storm.alertShare.toFixed(2)} ` +
    `no_storm_rps_at_${fixedRate}=${quiet.fixedRps} no_storm_p99_ms_at_${fixedRate}=${quiet.p99Fixed} storm_rps_at_${fixedRate}=${storm.fixedRps} storm_p99_ms_at_${fixedRate}=${storm.p99Fixed} ` +
    `paced_no_storm_rps_at_${fixedRate}=${quiet.pacedRps} paced_no_storm_p99_ms_at_${fixedRate}=${quiet.p99Paced} paced_storm_rps_at_${fixedRate}=${storm.pacedRps} paced_storm_p99_ms_at_${fixedRate}=${storm.p99Paced} ` +
    `storm_intake_lag_after=${storm.lagAfter} storm_intake_catch_up_s=${storm.catchUpS.toFixed(1)} errors=${quiet.errors + storm.errors}`,
);
