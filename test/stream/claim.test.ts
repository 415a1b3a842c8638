import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MemoryStore } from '../../src/store/memory.js';
import { PartitionClaim, PartitionClaimedError } from '../../src/stream/claim.js';
import { natsSkipReason, TestNats } from '../helpers/nats-server.js';
import { run, start, until } from './helpers.js';

// One worker per partition, explicitly: a lease in the shared store.
const skip = natsSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'rw-claim-'));
let nats: TestNats;

before(async () => {
  if (!skip) nats = await TestNats.start();
});
after(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a claim held by a live process of this machine refuses a second claimant at once, naming the holder', async () => {
  const store = new MemoryStore();
  const first = await PartitionClaim.take(store, 'p', 'partition 0 of 2 of stream S', 60_000);
  const started = Date.now();
  await assert.rejects(PartitionClaim.take(store, 'p', 'partition 0 of 2 of stream S', 60_000), (err: unknown) => {
    assert.ok(err instanceof PartitionClaimedError);
    assert.match(err.message, new RegExp(`partition 0 of 2 of stream S is claimed by another worker \\(process ${process.pid} on ${hostname()}`));
    return true;
  });
  assert.ok(Date.now() - started < 1000, 'refused without waiting');
  await first.release();
  const again = await PartitionClaim.take(store, 'p', 'x', 60_000);
  assert.equal((await store.claimLease('p', 'other', 60_000)).holder, again.holder);
  await again.release();
});

test('a claim left by a dead process of this machine is taken over at once; one from another machine once it expires', async () => {
  const store = new MemoryStore();
  // A process id that does not run: the claim of a worker killed with SIGKILL.
  await store.claimLease('dead', `${hostname()}/999999999/abcd`, 60_000);
  const started = Date.now();
  const c = await PartitionClaim.take(store, 'dead', 'x', 60_000);
  assert.ok(Date.now() - started < 1000);
  await c.release();
  await store.claimLease('far', 'elsewhere.example/42/abcd', 400);
  const far = await PartitionClaim.take(store, 'far', 'x', 60_000);
  assert.ok(Date.now() - started >= 400, 'waited for the lease to expire');
  await far.release();
  // From another machine and still renewed: refused after waiting the lease out once.
  await store.claimLease('busy', 'elsewhere.example/42/abcd', 300);
  const renew = setInterval(() => void store.claimLease('busy', 'elsewhere.example/42/abcd', 300), 50);
  try {
    await assert.rejects(PartitionClaim.take(store, 'busy', 'partition 1 of 2 of stream S', 60_000), /claimed by another worker \(process 42 on elsewhere\.example/);
  } finally {
    clearInterval(renew);
  }
});

test('a claim taken over meanwhile is noticed at the next renewal: the worker must stop', async () => {
  const store = new MemoryStore();
  const c = await PartitionClaim.take(store, 'p', 'partition 0 of 1 of stream S', 150);
  await new Promise((r) => setTimeout(r, 200));
  // Expired under a paused holder and taken by another: the renewal finds it gone.
  await store.claimLease('p', 'elsewhere.example/7/x', 60_000, c.holder);
  await until(() => c.lost !== undefined, 5000, 'the loss to be noticed');
  assert.match(String(c.lost), /claimed by another worker/);
  await c.release();
  assert.equal((await store.claimLease('p', 'probe', 1)).holder, 'elsewhere.example/7/x', 'release leaves the new holder alone');
});

test('ringwatch worker: a second worker for a partition already worked stops with a clear error; after the first stops it can run', { skip }, async () => {
  const csv = join(dir, 'two.csv');
  writeFileSync(csv, 'id,time,from,to,amount\nc1,2026-03-01T00:00:00Z,A,B,10\nc2,2026-03-01T00:01:00Z,B,C,10\n');
  assert.equal((await run(['publish', csv, '--nats', nats.url, '--stream', 'CLAIM'])).status, 0);
  const store = join(dir, 'claim.db');
  const args = ['worker', '--nats', nats.url, '--stream', 'CLAIM', '--store', store, '--partitions', '2', '--partition', '0'];
  const first = start(args);
  try {
    await until(() => /consuming stream CLAIM/.test(first.stderr()), 60_000, 'the first worker to consume');
    const second = await run([...args, '--drain']);
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`partition 0 of 2 of stream CLAIM is claimed by another worker \\(process ${first.child.pid} on `));
    // The other partition is free.
    const other = await run(['worker', '--nats', nats.url, '--stream', 'CLAIM', '--store', store, '--partitions', '2', '--partition', '1', '--drain']);
    assert.equal(other.status, 0, other.stderr);
  } finally {
    first.child.kill('SIGTERM');
  }
  assert.equal((await first.done).status, 0);
  const after = await run([...args, '--drain']);
  assert.equal(after.status, 0, after.stderr);
});
