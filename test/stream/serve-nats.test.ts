import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { NatsConnection } from 'nats';
import { startServer, throughStream } from '../../src/cli/serve.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { openStores } from '../../src/store/open.js';
import { connectNats, ensureStream } from '../../src/stream/nats.js';
import { natsSkipReason, TestNats } from '../helpers/nats-server.js';
import { lines, run, start, type Running } from './helpers.js';

// `serve --nats`: a POSTed transaction is published to the stream and answered with the decision
// a worker made durable; an id already decided answers from the store; no worker → a reported 504.
const skip = natsSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'rw-serve-nats-'));
const db = join(dir, 'api.db');
let nats: TestNats;
let nc: NatsConnection;
let stop: (() => Promise<void>) | undefined;
let base = '';
let key = '';
let worker: Running | undefined;

/** Starts the worker and waits until it consumes (its start-up may take seconds on a loaded machine). */
async function startWorker(): Promise<Running> {
  const w = start(['worker', '--nats', nats.url, '--stream', 'API', '--store', db, '--partitions', '1', '--partition', '0', '--durability', 'normal']);
  let err = '';
  w.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/consuming stream API/.test(err)) {
    if (Date.now() > deadline || w.child.exitCode !== null) throw new Error(`worker did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return w;
}

async function stopWorker(): Promise<void> {
  if (!worker) return;
  worker.child.kill('SIGTERM');
  const r = await worker.done;
  worker = undefined;
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  if (skip) return;
  nats = await TestNats.start();
  nc = await connectNats(nats.url, 'test-serve');
  await ensureStream(await nc.jetstreamManager(), 'API');
  const config = { ...defaultEngineConfig(), durability: 'normal' as const };
  const stores = await openStores(db, { durability: 'normal' });
  const store = stores.transactions;
  // The command's own wiring: submitter, follower and list changes through the stream.
  const through = throughStream(nc, store, 'API', { timeoutMs: 3000, pollMs: 100 });
  const submitter = through.submitter;
  let announced: string[] = [];
  const close = await startServer(config, stores, { port: 0, host: '127.0.0.1', logLevel: 'silent', announce: (l) => (announced = l), ...through });
  stop = async () => {
    submitter.stop();
    await close();
  };
  base = announced.find((l) => l.includes('listening on'))!.split('listening on ')[1];
  key = announced.find((l) => l.includes('API key'))!.split(': ').pop()!;
  worker = await startWorker();
});
after(async () => {
  await stopWorker().catch(() => undefined);
  await stop?.();
  await nc?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const r = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

const TXS = [
  { id: 'n1', time: '2026-03-01T00:00:00Z', from: 'CASH', to: 'A1', amount: '30000', channel: 'cash_in' },
  { id: 'n2', time: '2026-03-01T01:00:00Z', from: 'CASH', to: 'A1', amount: '25000.50', channel: 'cash_in' },
  { id: 'n3', time: '2026-03-01T02:00:00Z', from: 'A1', to: 'B1', amount: '50000', channel: 'transfer' },
];

test('serve --nats answers each POST with the decision a worker made durable, equal to score', { skip }, async () => {
  const answers = [];
  for (const tx of TXS) {
    const r = await post('/v1/transactions', tx);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.duplicate, false);
    answers.push(r.body);
  }
  // The same transactions through one in-process score run.
  const file = join(dir, 'same.ndjson');
  const out = join(dir, 'same.csv');
  writeFileSync(file, TXS.map((t) => JSON.stringify(t)).join('\n') + '\n');
  const s = await run(['score', file, '--out', out, '--quiet']);
  assert.equal(s.status, 0, s.stderr);
  const rows = lines(out).slice(1).map((l) => l.split(','));
  answers.forEach((a, i) => {
    assert.equal(a.id, rows[i][0]);
    assert.equal(String(a.score), rows[i][1]);
    assert.equal(a.decision, rows[i][2]);
  });
  assert.equal(answers[1].decision, 'REVIEW', 'the second cash deposit crosses the large-cash threshold');
  const stored = await fetch(`${base}/v1/decisions/n2`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(stored.status, 200);
  assert.equal(((await stored.json()) as { decision: string }).decision, 'REVIEW');
  // The server's own engine follows the stream: the account's state is current without a restart.
  const deadline = Date.now() + 10_000;
  let account = await fetch(`${base}/v1/accounts/B1`, { headers: { authorization: `Bearer ${key}` } });
  while (account.status !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    account = await fetch(`${base}/v1/accounts/B1`, { headers: { authorization: `Bearer ${key}` } });
  }
  assert.equal(account.status, 200, 'the follower applied the stream to the server\'s graph');
});

test('serve --nats: a repeated id is a duplicate, other content under it a 409, a batch is answered per record', { skip }, async () => {
  const dup = await post('/v1/transactions', TXS[0]);
  assert.equal(dup.status, 200);
  assert.equal(dup.body.duplicate, true);
  const conflict = await post('/v1/transactions', { ...TXS[0], amount: '1' });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.id, 'n1');
  const batch = await post('/v1/transactions/batch', [
    { id: 'b1', time: '2026-03-01T03:00:00Z', from: 'B1', to: 'C1', amount: '10' },
    { id: 'b2', time: 'never', from: 'B1', to: 'C1', amount: '10' },
  ]);
  assert.equal(batch.status, 200);
  assert.equal(batch.body.accepted, 1);
  assert.equal((batch.body.errors as Array<{ index: number }>)[0].index, 1);
});

test('serve --nats: a list entry added through the API goes through the stream to the worker and the server alike', { skip }, async () => {
  const r = await post('/v1/lists/blacklist/entries', { kind: 'account', value: 'L1', reason: 'test' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // Answered once the server's follower has applied it: its own view shows it at once.
  const shown = await fetch(`${base}/v1/lists/blacklist`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(shown.status, 200);
  assert.deepEqual(((await shown.json()) as { entries: Array<{ value: string }> }).entries.map((e) => e.value), ['L1']);
  // The worker applied it before the next transaction: a payment from the listed account says so.
  const tx = await post('/v1/transactions', { id: 'l1', time: '2026-03-01T02:30:00Z', from: 'L1', to: 'B1', amount: '10' });
  assert.equal(tx.status, 200, JSON.stringify(tx.body));
  assert.ok((tx.body.reasons as Array<{ rule: string }>).some((x) => x.rule === 'graph.listed_party'), JSON.stringify(tx.body));
  // Recorded once in the store at its stream position (worker and follower both offered it).
  const stores = await openStores(db, { mustExist: true });
  try {
    const events = (await stores.transactions.listEvents()).filter((e) => e.position !== undefined);
    assert.deepEqual(events.map((e) => [e.op, e.entry.value]), [['add', 'L1']]);
  } finally {
    await stores.close();
  }
});

test('serve --nats without a worker: a 504 naming the id and stream sequence; decided once a worker runs', { skip }, async () => {
  await stopWorker();
  const r = await post('/v1/transactions', { id: 'late', time: '2026-03-01T04:00:00Z', from: 'C1', to: 'D1', amount: '5' });
  assert.equal(r.status, 504, JSON.stringify(r.body));
  assert.equal(r.body.id, 'late');
  assert.ok(Number(r.body.stream_seq) > 0);
  assert.match(String((r.body.errors as Array<{ reason: string }>)[0].reason), /GET \/v1\/decisions\/late/);
  worker = await startWorker();
  const deadline = Date.now() + 30_000;
  let status = 0;
  while (Date.now() < deadline && status !== 200) {
    status = (await fetch(`${base}/v1/decisions/late`, { headers: { authorization: `Bearer ${key}` } })).status;
    if (status !== 200) await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(status, 200, 'the published transaction was decided once a worker ran');
  const again = await post('/v1/transactions', { id: 'late', time: '2026-03-01T04:00:00Z', from: 'C1', to: 'D1', amount: '5' });
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
});

test('ringwatch serve --store sqlite:PATH --nats URL: the command wires the stream in (504 with no worker)', { skip }, async () => {
  const cliDb = join(dir, 'cli.db');
  const serve = start(['serve', '--store', `sqlite:${cliDb}`, '--nats', nats.url, '--stream', 'CLI', '--port', '0', '--decision-timeout', '300', '--durability', 'normal']);
  try {
    let out = '';
    serve.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!/through NATS stream CLI/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const url = /listening on (\S+)/.exec(out)?.[1];
    const apiKey = /new API key[^:]*: (\S+)/.exec(out)?.[1];
    assert.ok(url && apiKey, out);
    const r = await fetch(`${url}/v1/transactions`, {
      method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c1', time: '2026-03-01T00:00:00Z', from: 'A', to: 'B', amount: '1' }),
    });
    assert.equal(r.status, 504);
    assert.equal(((await r.json()) as { stream_seq: number }).stream_seq, 1);
  } finally {
    serve.child.kill('SIGTERM');
    await serve.done;
  }
});

test('a mistyped --store scheme fails with a clear error and creates nothing', { skip }, async () => {
  const typo = join(dir, 'typo.db');
  for (const args of [
    ['decisions', '--store', `sqllite:${typo}`, '--out', join(dir, 'x.csv')],
    ['worker', '--nats', nats.url, '--stream', 'API', '--store', `sqlit:${typo}`, '--partitions', '1', '--partition', '0', '--drain'],
    ['decisions', '--store', typo, '--out', join(dir, 'x.csv')],
  ]) {
    const r = await run(args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /unknown kind of store|no Ringwatch store at/);
  }
  assert.equal(existsSync(typo), false);
  assert.equal(existsSync(join(dir, 'x.csv')), false);
});
