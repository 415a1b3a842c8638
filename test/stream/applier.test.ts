import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decision } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { generateBank } from '../../src/demo/index.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { Pipeline } from '../../src/engine/pipeline.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { MemoryStore } from '../../src/store/memory.js';
import { StreamApplier, type StreamRecord } from '../../src/stream/applier.js';
import { decodeTransaction, encodeTransaction } from '../../src/stream/codec.js';
import { checkPartition, fnv1a, partitionOf } from '../../src/stream/partition.js';

// The worker's core without NATS: stream records applied in order by N appliers, each scoring
// its partition, give the decisions of one pipeline that scores everything.
const config = { ...defaultEngineConfig(), durability: 'normal' as const };
const bank = generateBank({ seed: 3, accounts: 300, days: 15, targetTransactions: 2500 });
const records: StreamRecord[] = bank.transactions.map((tx, i) => ({ seq: i + 1, data: encodeTransaction(tx) }));

async function single(txs: readonly Transaction[]): Promise<Map<string, Decision>> {
  const p = new Pipeline(buildScorer(config), new MemoryStore());
  const out = await Promise.all(txs.map((tx) => p.submit(tx)));
  return new Map(out.map((o) => [o.decision.id, o.decision]));
}

async function partitioned(n: number, recs: readonly StreamRecord[], store = new MemoryStore(), checkpoint = 0): Promise<{ decisions: Map<string, Decision>; appliers: StreamApplier[] }> {
  const decisions = new Map<string, Decision>();
  const appliers: StreamApplier[] = [];
  for (let i = 0; i < n; i++) {
    const p = new Pipeline(buildScorer(config), store, { onCommitted: (b) => b.forEach((s) => decisions.set(s.tx.id, s.decision)) });
    const a = new StreamApplier(p, (tx) => partitionOf(tx, n) === i, checkpoint);
    for (let k = 0; k < recs.length; k += 500) await a.page(recs.slice(k, k + 500));
    await p.flush();
    assert.equal(a.failure, undefined);
    appliers.push(a);
  }
  return { decisions, appliers };
}

test('N appliers over one stream decide exactly what one pipeline decides', async () => {
  const expected = await single(bank.transactions);
  for (const n of [2, 4]) {
    const { decisions, appliers } = await partitioned(n, records);
    assert.equal(decisions.size, expected.size);
    for (const [id, d] of expected) assert.deepEqual(decisions.get(id), d, `decision of ${id} with ${n} partitions`);
    assert.equal(appliers.reduce((s, a) => s + a.stats.scored, 0), bank.transactions.length);
    for (const a of appliers) assert.equal(a.stats.scored + a.stats.applied, bank.transactions.length);
  }
});

test('a repeated id and a message that is no transaction are skipped by every worker alike', async () => {
  const garbage: StreamRecord = { seq: 0, data: new TextEncoder().encode('{"id":"x"') };
  const recs = [records[0], { ...records[0] }, garbage, ...records.slice(1)].map((r, i) => ({ ...r, seq: i + 1 }));
  const { decisions, appliers } = await partitioned(2, recs);
  const expected = await single(bank.transactions);
  for (const [id, d] of expected) assert.deepEqual(decisions.get(id), d);
  for (const a of appliers) {
    assert.equal(a.stats.duplicates, 1);
    assert.equal(a.stats.invalid, 1);
  }
});

test('a restarted worker finds its stored decisions, applies them and stores nothing twice', async () => {
  const store = new MemoryStore();
  const first = await partitioned(1, records.slice(0, 1200), store);
  assert.equal(first.appliers[0].stats.scored, 1200);
  // Started again over the whole stream: the first 1200 are in the store (no checkpoint given).
  const again = await partitioned(1, records, store);
  assert.equal(again.appliers[0].stats.alreadyStored, 1200);
  assert.equal(again.appliers[0].stats.scored, records.length - 1200);
  assert.equal(await store.count(), records.length);
  const expected = await single(bank.transactions);
  for (const [id, d] of expected) assert.deepEqual(await store.findDecision(id), d);
  for (const [id, d] of again.decisions) assert.deepEqual(d, expected.get(id));
});

test('stream codec refuses what is no storable transaction, naming the field', () => {
  assert.deepEqual(decodeTransaction(new Uint8Array([0xff])).ok, false);
  assert.match(JSON.stringify(decodeTransaction(new TextEncoder().encode('[]'))), /must be a JSON object/);
  const bad = decodeTransaction(new TextEncoder().encode(JSON.stringify({ ...bank.transactions[0], amount: -1 })));
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.errors[0].field, 'amount');
  assert.deepEqual(decodeTransaction(encodeTransaction(bank.transactions[0])), { ok: true, tx: bank.transactions[0] });
});

test('partitions: FNV-1a by payer, stable; bad partition flags are refused', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  assert.equal(partitionOf({ from: 'a' }, 7), 0xe40c292c % 7);
  assert.throws(() => checkPartition(2, 2), /--partition must be a whole number from 0 to 1/);
  assert.throws(() => checkPartition(0, 0), /--partitions/);
});
