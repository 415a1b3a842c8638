import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { natsSkipReason, TestNats } from '../helpers/nats-server.js';
import { bankCsv, crossPartition, lines, run, start, storedIds } from './helpers.js';

// N stream workers against one `ringwatch score` of the same file: graph features cross
// partitions (planted cycles and scatter-gathers whose payers belong to different workers), and
// every decision — id, score, verdict, reasons — must still be the same, in the same order.
const skip = natsSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'rw-workers-'));
const csv = join(dir, 'bank.csv');
const expected = join(dir, 'score.csv');
let nats: TestNats;
let bank: ReturnType<typeof bankCsv>;

before(async () => {
  if (skip) return;
  nats = await TestNats.start();
  // Seed 8: its planted cycle and scatter-gather each span both partitions (checked below).
  bank = bankCsv(csv, 3000, 8);
  const r = await run(['score', csv, '--out', expected, '--quiet', '--durability', 'normal']);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function workers(stream: string, store: string, n: number): Promise<void> {
  const runs = Array.from({ length: n }, (_, i) =>
    start(['worker', '--nats', nats.url, '--stream', stream, '--store', store, '--partitions', String(n), '--partition', String(i), '--drain', '--durability', 'normal']),
  );
  for (const r of await Promise.all(runs.map((w) => w.done))) assert.equal(r.status, 0, r.stderr);
}

test('the generated stream has cycles and scatter-gathers that cross partitions', { skip }, () => {
  assert.ok(crossPartition(bank, 'cycle', 2) >= 1, 'a planted cycle spans both partitions');
  assert.ok(crossPartition(bank, 'scatter_gather', 2) >= 1, 'a planted scatter-gather spans both partitions');
  const reasons = lines(expected).join('\n');
  assert.match(reasons, /graph\.cycle/, 'cycles decide some transactions');
  assert.match(reasons, /scatter_gather/, 'scatter-gathers decide some transactions');
});

for (const n of [1, 2, 3]) {
  test(`${n} worker(s) over the stream decide exactly what one score run decides`, { skip }, async () => {
    const stream = `EQ${n}`;
    const store = join(dir, `w${n}.db`);
    const p = await run(['publish', csv, '--nats', nats.url, '--stream', stream]);
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stderr, new RegExp(`published=${bank.transactions.length} `));
    await workers(stream, `sqlite:${store}`, n);
    const out = join(dir, `decisions${n}.csv`);
    const d = await run(['decisions', '--store', store, '--out', out]);
    assert.equal(d.status, 0, d.stderr);
    assert.deepEqual(lines(out), lines(expected));
    assert.ok([...storedIds(store).values()].every((c) => c === 1), 'each decision stored once');
  });
}

test('publishing the same file again stores nothing twice; a second drain changes nothing', { skip }, async () => {
  const store = join(dir, 'w2.db');
  const p = await run(['publish', csv, '--nats', nats.url, '--stream', 'EQ2']);
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stderr, new RegExp(`published=0 already_in_stream=${bank.transactions.length} `));
  await workers('EQ2', store, 2);
  const out = join(dir, 'decisions2-again.csv');
  assert.equal((await run(['decisions', '--store', store, '--out', out])).status, 0);
  assert.deepEqual(lines(out), lines(expected));
});
