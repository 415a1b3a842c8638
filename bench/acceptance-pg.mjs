// The scale-out acceptance run (issue 16), end to end on real servers:
//   PostgreSQL 15 (initdb in a temporary folder) and nats-server -js started on free ports;
//   the first ROWS rows of an external-format CSV (AMLSim, mapped with --map) published;
//   two workers with --partitions 2 --drain --store postgres://…, worker 1 killed with SIGKILL
//   mid-stream and restarted; `ringwatch decisions --store postgres://…` compared with
//   `ringwatch score` of the same file, row by row (id, score, decision, reasons).
// Prints the time of each step and the comparison; exits 1 when any row differs.
// Usage: npm run build && node bench/acceptance-pg.mjs [ROWS] [CSV or CSV.gz]
//   defaults: 200000 rows of ../shared/datasets/amlsim_dev_b/transactions.csv.gz
//   KEEP=1 keeps the temporary folder (input, both decision files, worker logs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { csvHead as head } from './csv-head.mjs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { natsSkipReason, TestNats } from '../dist/test/helpers/nats-server.js';
import { postgresSkipReason, startPostgres } from '../dist/test/helpers/postgres.js';

const rows = Number(process.argv[2] ?? 200_000);
// ../shared/datasets from the repository's root (../../shared from a worktree under /work/wt).
const source = resolve(
  process.argv[3] ??
    ['../../shared', '../../../shared'].map((up) => new URL(`${up}/datasets/amlsim_dev_b/transactions.csv.gz`, import.meta.url).pathname).find(existsSync) ??
    '../shared/datasets/amlsim_dev_b/transactions.csv.gz',
);
const MAP = 'id=tran_id,time=tran_timestamp,from=orig_acct,to=bene_acct,amount=base_amt,channel=tx_type';
const STREAM = 'ACCEPT';
const main = new URL('../dist/src/cli/main.js', import.meta.url).pathname;

const skip = postgresSkipReason() ?? natsSkipReason();
if (skip) {
  console.log(`bench=acceptance-pg skipped="${skip}"`);
  process.exit(0);
}
if (!existsSync(source)) throw new Error(`${source}: no such file (give the CSV as the second argument)`);

const dir = mkdtempSync(join(tmpdir(), 'rw-accept-'));
const t0 = performance.now();
const since = (t) => ((performance.now() - t) / 1000).toFixed(1);
const say = (line) => process.stderr.write(`[${since(t0)} s] ${line}\n`);

/** Runs a ringwatch command; resolves with its stderr, rejects on a non-zero exit. */
function ringwatch(args, log) {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
    if (log) writeFileSync(log, err);
  });
  const done = new Promise((res, rej) =>
    child.once('close', (code, signal) => (code === 0 ? res(err) : rej(Object.assign(new Error(`ringwatch ${args[0]} exited ${code ?? signal}: ${err.slice(-2000)}`), { signal })))),
  );
  return { child, done };
}

/** id → the rest of the decision line, and the ids in file order. */
function decisionsOf(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const header = lines.shift();
  const byId = new Map();
  const order = [];
  for (const line of lines) {
    const id = line.slice(0, line.indexOf(','));
    byId.set(id, line);
    order.push(id);
  }
  return { header, byId, order };
}

const server = await startPostgres();
const nats = await TestNats.start();
try {
  const csv = join(dir, 'input.csv');
  const n = await head(source, csv, rows);
  say(`input: ${n} rows of ${source} (+ header) → ${csv}`);
  const store = await server.createDatabase('acceptance');
  say(`PostgreSQL on port ${server.port}, nats-server on ${nats.url}`);

  let t = performance.now();
  const published = await ringwatch(['publish', csv, '--map', MAP, '--nats', nats.url, '--stream', STREAM]).done;
  const publishS = since(t);
  say(`publish: ${publishS} s — ${published.trim().split('\n').pop()}`);

  // Two workers; worker 1 is killed with SIGKILL once its checkpoint has passed 40 % of the stream.
  t = performance.now();
  const worker = (i, tag) =>
    ringwatch(['worker', '--nats', nats.url, '--stream', STREAM, '--store', store, '--partitions', '2', '--partition', String(i), '--drain'], join(dir, `worker${i}${tag}.log`));
  const w0 = worker(0, '');
  const w1 = worker(1, '-killed');
  w1.done.catch(() => undefined);
  const db = new pg.Client({ connectionString: store });
  await db.connect();
  const key = `stream:${STREAM}:partition:1/2`;
  let checkpoint = 0;
  for (;;) {
    checkpoint = Number((await db.query('SELECT value FROM settings WHERE key = $1', [key]).catch(() => ({ rows: [] }))).rows[0]?.value ?? 0);
    if (checkpoint >= 0.4 * n) break;
    if (w1.child.exitCode !== null) throw new Error(`worker 1 ended before it could be killed mid-stream (checkpoint ${checkpoint})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  w1.child.kill('SIGKILL');
  await w1.done.catch((err) => {
    if (err.signal !== 'SIGKILL') throw err;
  });
  const storedAtKill = Number((await db.query('SELECT count(*) AS n FROM transactions')).rows[0].n);
  say(`worker 1 SIGKILLed at ${since(t)} s, its checkpoint at stream sequence ${checkpoint} of ${n}; ${storedAtKill} decisions stored by then`);
  const w1again = worker(1, '-restarted');
  const [log0, log1] = await Promise.all([w0.done, w1again.done]);
  const workersS = since(t);
  say(`workers drained: ${workersS} s`);
  say(`  worker 0: ${log0.trim().split('\n').pop()}`);
  say(`  worker 1 (restarted): ${log1.trim().split('\n').pop()}`);
  const stored = Number((await db.query('SELECT count(*) AS n FROM transactions')).rows[0].n);
  await db.end();

  t = performance.now();
  const fromStore = join(dir, 'workers.csv');
  await ringwatch(['decisions', '--store', store, '--out', fromStore]).done;
  const decisionsS = since(t);
  t = performance.now();
  const fromScore = join(dir, 'score.csv');
  const scored = await ringwatch(['score', csv, '--map', MAP, '--out', fromScore]).done;
  const scoreS = since(t);
  say(`decisions: ${decisionsS} s; score (one process, in memory): ${scoreS} s — ${scored.trim().split('\n').filter((l) => l.startsWith('rows=')).pop()}`);

  const a = decisionsOf(fromScore);
  const b = decisionsOf(fromStore);
  let differ = 0;
  let missing = 0;
  let shown = 0;
  for (const id of a.order) {
    const line = b.byId.get(id);
    if (line === undefined) missing++;
    else if (line !== a.byId.get(id)) differ++;
    else continue;
    if (shown++ < 5) say(`  differs: score ${a.byId.get(id)} | workers ${line ?? '(missing)'}`);
  }
  const extra = b.order.filter((id) => !a.byId.has(id)).length;
  const sameOrder = a.order.length === b.order.length && a.order.every((id, i) => b.order[i] === id);
  const equal = differ === 0 && missing === 0 && extra === 0 && a.header === b.header;
  console.log(
    `bench=acceptance-pg rows=${n} score_rows=${a.order.length} stored=${stored} workers_rows=${b.order.length} equal_rows=${a.order.length - differ - missing} ` +
      `differ=${differ} missing=${missing} extra=${extra} same_order=${sameOrder} killed_at_seq=${checkpoint} publish_s=${publishS} workers_s=${workersS} ` +
      `decisions_s=${decisionsS} score_s=${scoreS} identical=${equal}`,
  );
  if (!equal) process.exitCode = 1;
} finally {
  await nats.stop();
  server.destroy();
  if (process.env.KEEP === '1') process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
