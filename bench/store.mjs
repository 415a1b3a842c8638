// Store benchmark: N generated transactions through the live pipeline (features, rules, group
// commit) into SQLite and into PostgreSQL (a real server started in a temporary directory, on
// this machine), acknowledged only once durable (synchronous commit / fsync per batch).
// Prints one line per store and the ratio: bench=store ...
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEngineConfig } from '../dist/src/engine/config.js';
import { openEngine } from '../dist/src/engine/runtime.js';
import { openStores } from '../dist/src/store/open.js';
import { postgresSkipReason, startPostgres } from '../dist/test/helpers/postgres.js';
import { syntheticTransactions } from './synthetic.mjs';

const n = Number(process.argv[2] ?? 200_000);
const durability = process.argv[3] ?? 'full';
const txs = syntheticTransactions(n);
const config = { ...defaultEngineConfig(), durability };

async function run(url, label) {
  const stores = await openStores(url, { durability });
  const { pipeline } = await openEngine(config, stores.transactions);
  const started = performance.now();
  const CHUNK = 5000;
  for (let i = 0; i < n; i += CHUNK) await Promise.all(txs.slice(i, i + CHUNK).map((t) => pipeline.submit(t)));
  await pipeline.flush();
  const seconds = (performance.now() - started) / 1000;
  const stored = await stores.transactions.count();
  await stores.close();
  if (stored !== n) throw new Error(`${label}: ${stored} of ${n} stored`);
  const txPerS = Math.round(n / seconds);
  console.log(`bench=store store=${label} durability=${durability} tx=${n} tx_per_s=${txPerS} commits=${pipeline.commits} avg_batch=${Math.round(n / pipeline.commits)} seconds=${seconds.toFixed(1)}`);
  return txPerS;
}

const dir = mkdtempSync(join(tmpdir(), 'rw-bench-store-'));
try {
  const sqlite = await run(join(dir, 'bench.db'), 'sqlite');
  const skip = postgresSkipReason();
  if (skip) {
    console.log(`bench=store store=postgres skipped="${skip}"`);
  } else {
    const server = await startPostgres();
    try {
      const pg = await run(await server.createDatabase('bench'), 'postgres');
      console.log(`bench=store postgres_vs_sqlite=${(pg / sqlite).toFixed(2)}`);
    } finally {
      server.destroy();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
