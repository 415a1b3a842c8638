import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateBank, writeCsv } from '../../src/demo/index.js';
import { connectNats, ensureStream, subjects } from '../../src/stream/nats.js';
import { natsSkipReason, TestNats } from '../helpers/nats-server.js';
import { lines, run, start } from './helpers.js';

// Watch lists reach the workers as they reach one process: an account listed in the store before
// the stream (the workers load it at start) and one listed through the stream between two files
// (every worker applies it at its place in the stream's order) give the decisions of one
// `ringwatch score --store` run that had the same lists at the same points.
const skip = natsSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'rw-lists-'));
let nats: TestNats;
const first = join(dir, 'first.csv');
const second = join(dir, 'second.csv');
let busy: string[] = [];
let half = 0;

before(async () => {
  if (skip) return;
  nats = await TestNats.start();
  const bank = generateBank({ seed: 5, accounts: 300, days: 20, targetTransactions: 3000 });
  const txs = [...bank.transactions].sort((a, b) => a.time - b.time);
  half = Math.floor(txs.length / 2);
  writeCsv(first, txs.slice(0, half), bank.labels);
  writeCsv(second, txs.slice(half), bank.labels);
  const counts = new Map<string, number>();
  for (const tx of txs) counts.set(tx.from, (counts.get(tx.from) ?? 0) + 1);
  busy = [...counts].sort((x, y) => y[1] - x[1]).map(([a]) => a);
});
after(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ok = async (args: string[]): Promise<string> => {
  const r = await run(args);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('a listed account yields the same decisions through two workers as through one score run', { skip }, async () => {
  const [early, late] = busy;
  // One process: list `early`, score the first file, list `late`, score the second.
  const one = `sqlite:${join(dir, 'one.db')}`;
  await ok(['lists', 'add', 'account', early, '--store', one]);
  await ok(['score', first, '--store', one, '--out', join(dir, 'one-a.csv'), '--quiet']);
  await ok(['lists', 'add', 'account', late, '--store', one]);
  await ok(['score', second, '--store', one, '--out', join(dir, 'one-b.csv'), '--quiet']);
  const expected = [...lines(join(dir, 'one-a.csv')), ...lines(join(dir, 'one-b.csv')).slice(1)];
  assert.ok(expected.some((l) => l.includes('graph.listed_party')), 'the listed accounts change decisions');

  // Workers: `early` listed in their store before they start; `late` published between the files.
  const store = `sqlite:${join(dir, 'workers.db')}`;
  await ok(['lists', 'add', 'account', early, '--store', store]);
  await ok(['publish', first, '--nats', nats.url, '--stream', 'LISTS']);
  const published = await ok(['lists', 'add', 'account', late, '--nats', nats.url, '--stream', 'LISTS']);
  assert.match(published, new RegExp(`published: add account ${late} to blacklist at stream sequence ${half + 1}\\n`));
  await ok(['publish', second, '--nats', nats.url, '--stream', 'LISTS']);
  const ws = [0, 1].map((i) => start(['worker', '--nats', nats.url, '--stream', 'LISTS', '--store', store, '--partitions', '2', '--partition', String(i), '--drain']));
  for (const r of await Promise.all(ws.map((w) => w.done))) {
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /list_changes=2/, 'each worker applied the stored and the streamed change');
  }
  await ok(['decisions', '--store', store, '--out', join(dir, 'workers.csv')]);
  assert.deepEqual(lines(join(dir, 'workers.csv')), expected);
  // The streamed change is recorded once in the workers' store, so the store's lists are the stream's.
  const shown = await ok(['lists', 'show', '--store', store]);
  assert.equal(shown.trim().split('\n').length, 3, shown);
  for (const a of [early, late]) assert.ok(shown.includes(`,account,${a},`), shown);
});

test('a stream made before list changes went through it gets the list subject added', { skip }, async () => {
  const nc = await connectNats(nats.url, 'test-lists');
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'OLD', subjects: [subjects('OLD').transactions] });
    await ensureStream(jsm, 'OLD');
    assert.deepEqual((await jsm.streams.info('OLD')).config.subjects, [subjects('OLD').transactions, subjects('OLD').lists]);
    await ensureStream(jsm, 'OLD');
    assert.equal((await jsm.streams.info('OLD')).config.subjects?.length, 2, 'added once');
  } finally {
    await nc.close();
  }
});

test('lists add --stream without --nats is refused; --nats with a bad stream name names it', { skip }, async () => {
  const r = await run(['lists', 'add', 'account', 'X', '--stream', 'S', '--store', join(dir, 'x.db')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--stream needs --nats/);
  const bad = await run(['lists', 'add', 'account', 'X', '--nats', nats.url, '--stream', 'a b']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--stream must be/);
});
