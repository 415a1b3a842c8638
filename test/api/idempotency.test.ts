import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { differingFields, IdempotencyConflictError } from '../../src/domain/transaction-check.js';
import { validateTransaction, type Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { openEngine } from '../../src/engine/runtime.js';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { ringwatch, startTestServer } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-idem-'));
let base = '';
let key = '';
let stop: () => Promise<void>;
const db = join(dir, 'rw.db');

before(async () => {
  ({ base, apiKey: key, stop } = await startTestServer(db, { users: false }));
});

after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const headers = (): Record<string, string> => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const tx = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id, time: '2026-03-01T10:00:00Z', from: 'IA', to: 'IB', amount: '1.00', currency: 'CNY', ...extra });
const post = (body: unknown, path = '/v1/transactions'): Promise<Response> =>
  fetch(base + path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });

async function storedCount(): Promise<number> {
  const h = (await (await fetch(`${base}/healthz`, { headers: headers() })).json()) as { transactions: number };
  return h.transactions;
}

test('differingFields names every field that differs, in wire order', () => {
  const a = (validateTransaction(tx('d1')) as { tx: Transaction }).tx;
  const b = (validateTransaction(tx('d1', { amount: '9999999.99', to: 'X', channel: 'cash_out' })) as { tx: Transaction }).tx;
  assert.deepEqual(differingFields(a, a), []);
  assert.deepEqual(differingFields(a, b), ['to', 'amount', 'channel']);
  // The same content written differently (decimal string vs minor units, offset vs Z) is the same transaction.
  const c = (validateTransaction(tx('d1', { amount: 100, time: '2026-03-01T18:00:00+08:00' })) as { tx: Transaction }).tx;
  assert.deepEqual(differingFields(a, c), []);
});

test('single: same id and content → stored decision, duplicate; same id, other content → 409 naming the fields, nothing stored', async () => {
  const first = await post(tx('IDEM-1'));
  assert.equal(first.status, 200);
  const d1 = (await first.json()) as Record<string, unknown>;
  assert.equal(d1.duplicate, false);
  const before = await storedCount();
  const stateBefore = await (await fetch(`${base}/v1/accounts/IA`, { headers: headers() })).json();

  const same = await post(tx('IDEM-1', { amount: 100 }));
  assert.equal(same.status, 200);
  const d2 = (await same.json()) as Record<string, unknown>;
  assert.equal(d2.duplicate, true);
  assert.equal(d2.decision, d1.decision);
  assert.equal(d2.score, d1.score);

  const other = await post(tx('IDEM-1', { amount: '9999999.99', from: 'ZA', to: 'ZB', channel: 'cash_out' }));
  assert.equal(other.status, 409);
  const c = (await other.json()) as { error: string; id: string; fields: string[]; errors: Array<{ field: string; reason: string }> };
  assert.equal(c.error, 'conflict');
  assert.equal(c.id, 'IDEM-1');
  assert.deepEqual(c.fields, ['from', 'to', 'amount', 'channel']);
  assert.equal(c.errors[0].field, 'id');
  assert.match(c.errors[0].reason, /already used for a different transaction/);
  assert.equal(await storedCount(), before, 'the conflicting transaction was neither scored nor stored');
  assert.deepEqual(await (await fetch(`${base}/v1/accounts/IA`, { headers: headers() })).json(), stateBefore);
  assert.equal((await fetch(`${base}/v1/accounts/ZA`, { headers: headers() })).status, 404, 'the other content never reached the features');
});

test('ids are keys, not text: leading or trailing white space is refused, never trimmed into another id', async () => {
  for (const id of [' IDEM-1 ', 'IDEM-1 ', '\tIDEM-1']) {
    const r = await post(tx(id));
    assert.equal(r.status, 400, JSON.stringify(id));
    const b = (await r.json()) as { errors: Array<{ field: string; reason: string }> };
    assert.deepEqual(b.errors.map((e) => e.field), ['id']);
    assert.match(b.errors[0].reason, /white space/);
  }
});

test('batch: a conflicting record is refused by index with 409, a same-content repeat is a duplicate, the rest applied', async () => {
  await post(tx('B-1'));
  const r = await post([
    tx('B-2'),
    tx('B-1', { amount: '5.00' }), // conflicts with the stored B-1
    tx('B-1'), // the same as stored: duplicate
    tx('B-3'),
    tx('B-3', { to: 'OTHER' }), // conflicts with B-3 earlier in this batch
    tx('B-2'), // repeats B-2 earlier in this batch: duplicate
  ], '/v1/transactions/batch');
  assert.equal(r.status, 200);
  const b = (await r.json()) as {
    accepted: number; rejected: number;
    results: Array<{ index: number; duplicate: boolean }>;
    errors: Array<{ index: number; status?: number; errors: Array<{ field: string; reason: string }> }>;
  };
  assert.deepEqual(b.errors.map((e) => [e.index, e.status, e.errors[0].field]), [[1, 409, 'id'], [4, 409, 'id']]);
  assert.match(b.errors[0].errors[0].reason, /amount differ/);
  assert.match(b.errors[1].errors[0].reason, /to differ/);
  assert.deepEqual(b.results.map((x) => [x.index, x.duplicate]), [[0, false], [2, true], [3, false], [5, true]]);
  const stored = new SqliteStore(db, { durability: 'normal' });
  const [b3] = await stored.findScored(['B-3']);
  await stored.close();
  assert.equal(b3.tx.to, 'IB', 'the first content of B-3 is the one stored');
});

test('concurrent first writes of one id: one stored, same-content twins duplicate, other content 409', async () => {
  const before = await storedCount();
  const bodies = Array.from({ length: 10 }, (_, i) => tx('RACE-1', i % 2 === 0 ? {} : { amount: `${i}.00` }));
  const responses = await Promise.all(bodies.map((b) => post(b)));
  const statuses = responses.map((r) => r.status);
  const results = (await Promise.all(responses.map((r) => r.json()))) as Array<Record<string, unknown>>;
  // Whichever arrived first was stored; every other body is judged against it.
  const winner = bodies[statuses.findIndex((s, i) => s === 200 && results[i].duplicate === false)];
  assert.ok(winner, JSON.stringify(results));
  assert.equal(results.filter((r) => r.duplicate === false).length, 1);
  bodies.forEach((b, i) => {
    const same = b.amount === winner.amount;
    assert.equal(statuses[i], same ? 200 : 409, `body ${i}: ${JSON.stringify(results[i])}`);
  });
  assert.equal(await storedCount(), before + 1);
});

test('pipeline: concurrent submissions of one id with different content race safely in memory too', async () => {
  const engine = await openEngine(defaultEngineConfig(), new MemoryStore());
  const a = (validateTransaction(tx('M-1')) as { tx: Transaction }).tx;
  const b = { ...a, amount: a.amount + 1 };
  const [ra, rb, rc] = await Promise.allSettled([engine.pipeline.submit(a), engine.pipeline.submit(b), engine.pipeline.submit({ ...a })]);
  assert.equal(ra.status, 'fulfilled');
  assert.ok(rb.status === 'rejected' && rb.reason instanceof IdempotencyConflictError && rb.reason.fields.join() === 'amount');
  assert.ok(rc.status === 'fulfilled' && rc.value.duplicate);
  await engine.pipeline.flush();
  assert.equal(engine.pipeline.committed, 1);
});

test('CLI score: a repeated id with other content is rejected by line, a same-content repeat counted as a duplicate', () => {
  const file = join(dir, 'dups.csv');
  writeFileSync(file, [
    'id,time,from,to,amount',
    'c1,2026-03-01T00:00:00Z,A,B,1.00',
    'c1,2026-03-01T00:00:00Z,A,B,1.00',
    'c1,2026-03-01T00:00:00Z,A,B,2.00',
    'c2,2026-03-01T00:01:00Z,A,B,3.00',
  ].join('\n') + '\n');
  const r = ringwatch(['score', file, '--db', join(dir, 'cli.db')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /rejected line 4: id: was already used for a different transaction \(amount differ\)/);
  assert.match(r.stderr, /rows=4 scored=3 rejected=1 duplicates=1 /);
});
