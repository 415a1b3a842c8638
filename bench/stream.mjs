// Stream workers over NATS JetStream on this machine: publish a generated bank, then drain it
// with 1 worker and with 2 workers (--partitions 2) into fresh SQLite stores, timing each.
// Prints throughput per setup and the 2-worker / 1-worker ratio, and checks both stores hold
// the same decisions. Needs Debian's nats-server (skipped with a line saying so otherwise).
// Usage: node bench/stream.mjs ROWS
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBank, writeCsv } from '../dist/src/demo/index.js';

const rows = Number(process.argv[2] ?? 100_000);
const bin = ['nats-server', '/usr/sbin/nats-server'].find((b) => spawnSync(b, ['--version']).status === 0);
if (!bin) {
  console.log('bench=stream skipped=nats-server-not-installed');
  process.exit(0);
}
const main = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rw-bench-stream-'));
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const server = spawn(bin, ['-js', '-sd', join(dir, 'js'), '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
const up = () => new Promise((r) => connect(port, '127.0.0.1').once('connect', function () { this.destroy(); r(true); }).once('error', () => r(false)));
while (!(await up())) await new Promise((r) => setTimeout(r, 50));
const url = `nats://127.0.0.1:${port}`;

const ringwatch = (args) =>
  new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--max-old-space-size=8192', main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.once('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`ringwatch ${args[0]} exited ${code}: ${err}`))));
  });

async function drain(workers) {
  const store = join(dir, `w${workers}.db`);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      ringwatch(['worker', '--nats', url, '--stream', 'BENCH', '--store', store, '--partitions', String(workers), '--partition', String(i), '--drain', '--quiet']),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const out = join(dir, `d${workers}.csv`);
  await ringwatch(['decisions', '--store', store, '--out', out]);
  return { seconds, out };
}

try {
  const csv = join(dir, 'bank.csv');
  const bank = generateBank({ seed: 1, accounts: Math.max(1000, Math.round(rows / 40)), days: 60, targetTransactions: rows });
  writeCsv(csv, bank.transactions, bank.labels);
  const n = bank.transactions.length;
  const pubStarted = performance.now();
  await ringwatch(['publish', csv, '--nats', url, '--stream', 'BENCH', '--quiet']);
  const publishS = (performance.now() - pubStarted) / 1000;
  const one = await drain(1);
  const two = await drain(2);
  const same = readFileSync(one.out, 'utf8') === readFileSync(two.out, 'utf8');
  const tput1 = Math.round(n / one.seconds);
  const tput2 = Math.round(n / two.seconds);
  console.log(
    `bench=stream rows=${n} publish_tx_per_s=${Math.round(n / publishS)} workers1_tx_per_s=${tput1} workers2_tx_per_s=${tput2} ` +
      `ratio_2_over_1=${(tput2 / tput1).toFixed(2)} identical=${same} cores=2 note=every-worker-applies-every-transfer`,
  );
  if (!same) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
