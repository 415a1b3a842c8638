import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { partitionOf } from '../../src/stream/partition.js';
import { natsSkipReason, TestNats } from '../helpers/nats-server.js';
import { bankCsv, lines, run, sleep, start, storedCount, storedIds, until } from './helpers.js';

// Faults for real: a worker killed with SIGKILL mid-stream and started again, nats-server killed
// and restarted under the workers and under the publisher. Afterwards every transaction has
// exactly one stored decision, and the decisions equal one `ringwatch score` of the file.
const skip = natsSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'rw-faults-'));
const csv = join(dir, 'bank.csv');
const expected = join(dir, 'score.csv');
let nats: TestNats;
let total = 0;
/** Transactions of partition 0 of 2 (the killed worker's share). */
let share = 0;

before(async () => {
  if (skip) return;
  nats = await TestNats.start();
  const txs = bankCsv(csv, 6000, 11).transactions;
  total = txs.length;
  share = txs.filter((tx) => partitionOf(tx, 2) === 0).length;
  const r = await run(['score', csv, '--out', expected, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const worker = (stream: string, store: string, i: number, n = 2) =>
  start(['worker', '--nats', nats.url, '--stream', stream, '--store', store, '--partitions', String(n), '--partition', String(i), '--drain']);

async function publish(stream: string): Promise<void> {
  const p = await run(['publish', csv, '--nats', nats.url, '--stream', stream]);
  assert.equal(p.status, 0, p.stderr);
}

/** The store holds every transaction once and its decisions equal the single-process run's. */
async function assertExact(store: string, name: string): Promise<void> {
  const ids = storedIds(store);
  assert.equal(ids.size, total, 'every transaction decided');
  assert.ok([...ids.values()].every((c) => c === 1), 'no decision stored twice');
  const out = join(dir, `${name}.csv`);
  const d = await run(['decisions', '--store', store, '--out', out]);
  assert.equal(d.status, 0, d.stderr);
  assert.deepEqual(lines(out), lines(expected));
}

test('a worker killed with SIGKILL mid-stream and restarted: nothing lost, duplicated or changed', { skip, timeout: 300_000 }, async () => {
  const store = join(dir, 'kill.db');
  await publish('KILL');
  const victim = worker('KILL', store, 0);
  const other = worker('KILL', store, 1);
  // The victim runs in slices of a few milliseconds and is frozen (SIGSTOP) while its count is
  // read; it is killed right after its first durable batch, so it dies mid-stream however fast the
  // machine drains the stream (a worker commits pages of 1,000 stream messages, its share is ~3,000).
  const mine = (from: string) => partitionOf({ from }, 2) === 0;
  let stored = 0;
  const deadline = Date.now() + 180_000;
  for (;;) {
    victim.child.kill('SIGSTOP');
    stored = storedCount(store, mine);
    if (stored > 0) break;
    if (Date.now() > deadline) throw new Error('timed out waiting for the victim to store decisions');
    victim.child.kill('SIGCONT');
    await sleep(5);
  }
  victim.child.kill('SIGKILL');
  const killed = await victim.done;
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(stored < share, `killed mid-stream (${stored} of the victim's ${share} stored)`);
  const again = await worker('KILL', store, 0).done;
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /already_stored=[1-9]/, 'the restart found its earlier decisions and kept them');
  const rest = await other.done;
  assert.equal(rest.status, 0, rest.stderr);
  await assertExact(store, 'kill');
});

test('nats-server killed and restarted under running workers: they resume and finish exactly', { skip, timeout: 300_000 }, async () => {
  const store = join(dir, 'natsdown.db');
  await publish('DOWN');
  const ws = [worker('DOWN', store, 0), worker('DOWN', store, 1)];
  // Generous waits (a loaded machine starts processes slowly), and no race between the workers
  // and the kill: they are frozen (SIGSTOP) while the count is read and NATS is killed, so the kill
  // is mid-stream however slow or fast the machine is; they then run on while NATS is down.
  // Both running (connected and consuming: one still starting would only meet a refused first
  // connection), and deciding.
  await until(() => ws.every((w) => /consuming stream DOWN/.test(w.stderr())), 180_000, 'both workers to consume');
  await until(() => storedCount(store) > 400, 180_000, 'decisions to be stored');
  for (const w of ws) w.child.kill('SIGSTOP');
  const stored = storedCount(store);
  await nats.kill('SIGKILL');
  for (const w of ws) w.child.kill('SIGCONT');
  assert.ok(stored < total, `killed mid-stream (${stored} of ${total} stored)`);
  await sleep(1000);
  await nats.revive();
  for (const r of await Promise.all(ws.map((w) => w.done))) assert.equal(r.status, 0, r.stderr);
  await assertExact(store, 'natsdown');
});

test('nats-server killed and restarted while publishing: every acknowledged transaction kept, in order, once', { skip, timeout: 300_000 }, async () => {
  const nc: NatsConnection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  try {
    const publishing = run(['publish', csv, '--nats', nats.url, '--stream', 'PUBDOWN']);
    const jsm = await nc.jetstreamManager();
    let seen = 0;
    const deadline = Date.now() + 60_000;
    while (seen < 500 && Date.now() < deadline) {
      seen = await jsm.streams.info('PUBDOWN').then((i) => i.state.last_seq, () => 0);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(seen < total, `restarted mid-publish (${seen} of ${total} in the stream)`);
    await nats.restart('SIGKILL');
    const p = await publishing;
    assert.equal(p.status, 0, p.stderr);
    const info = await jsm.streams.info('PUBDOWN');
    assert.equal(info.state.messages, total, 'the stream holds each transaction once');
  } finally {
    await nc.close();
  }
  const store = join(dir, 'pubdown.db');
  for (const r of await Promise.all([worker('PUBDOWN', store, 0).done, worker('PUBDOWN', store, 1).done])) assert.equal(r.status, 0, r.stderr);
  await assertExact(store, 'pubdown');
});
