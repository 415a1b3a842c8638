// HTTP benchmark: `ringwatch serve` in a child process, autocannon in this one, single-
// transaction POSTs at fixed rates. Prints one line per rate: bench=http ...
import autocannon from 'autocannon';
import { BENCH_KEY, startServer } from './serve-child.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = BENCH_KEY;
const durations = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const rates = (process.argv[2] ?? '5000,10000,0').split(',').map(Number);
const durability = process.argv[3] ?? 'full';

const dir = mkdtempSync(join(tmpdir(), 'rw-bench-http-'));
const { child, url } = await startServer(join(dir, 'bench.db'), durability);
let seq = 0;
const accounts = 20_000;
const t0 = Date.UTC(2026, 0, 1);
// Fixed rates use 16 connections (autocannon releases each second's quota in a burst, so more
// connections only measure queueing of that burst); the open-throttle run uses 64.
const connectionsFor = (rate) => Number(process.env.BENCH_HTTP_CONNECTIONS ?? (rate > 0 ? 16 : 64));
const run = (rate, seconds) =>
  autocannon({
      url: `${url}/v1/transactions`,
      method: 'POST',
      connections: connectionsFor(rate),
      pipelining: 1,
      duration: seconds,
      overallRate: rate > 0 ? rate : undefined,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const i = seq++;
            const a = (i * 7919) % accounts;
            const b = (i * 104_729 + 1) % accounts;
            req.body = `{"id":"h${i}","time":${t0 + i * 50},"from":"A${a}","to":"A${b}","amount":${1000 + (i % 5000) * 17},"channel":"mobile"}`;
            return req;
          },
        },
      ],
    });

try {
  // Warm-up (JIT, page cache, first SQLite pages); not reported.
  await run(0, Math.min(3, durations));
  for (const rate of rates) {
    const result = await run(rate, durations);
    const ok = result['2xx'];
    console.log(
      `bench=http durability=${durability} target_rps=${rate || 'max'} rps=${Math.round(ok / durations)} ` +
        `p50_ms=${result.latency.p50} p99_ms=${result.latency.p99} max_ms=${result.latency.max} ` +
        `non2xx=${result.non2xx} errors=${result.errors} timeouts=${result.timeouts} connections=${connectionsFor(rate)}`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
