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
import { decodeListChange, decodeTransaction, encodeListChange, encodeTransaction } from '../../src/stream/codec.js';
import { Watchlists } from '../../src/engine/watchlists.js';
import type { ListEvent } from '../../src/domain/list.js';
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
    const a = new StreamApplier(p, (tx) => partitionOf(tx, n) === i, { checkpoint });
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

test('list changes reach every worker at their stream position, and the store’s own lists at start: decisions equal one process', async () => {
  const txs = bank.transactions;
  // The busiest payer is listed through the stream after 500 transactions and delisted after 1500;
  // another account was listed in the store before the stream (after 0 transactions).
  const counts = new Map<string, number>();
  for (const tx of txs) counts.set(tx.from, (counts.get(tx.from) ?? 0) + 1);
  const [busy, other] = [...counts].sort((x, y) => y[1] - x[1]).map(([a]) => a);
  const entry = (value: string): ListEvent['entry'] => ({ list: 'blacklist', kind: 'account', value, reason: 'test', source: 'manual', added_at: '2024-01-01T00:00:00.000Z' });
  const direct: ListEvent = { op: 'add', entry: entry(other), after_transactions: 0 };
  const changes = [{ at: 500, op: 'add' as const }, { at: 1500, op: 'remove' as const }];

  // One process: the store's list first, then each change between the transactions it falls between.
  const single = new Pipeline(buildScorer(config), new MemoryStore());
  const lists = new Watchlists(single.scorer.features.listed);
  lists.apply(direct);
  const expected = new Map<string, Decision>();
  let from = 0;
  for (const c of [...changes, { at: txs.length, op: undefined }]) {
    for (const o of await Promise.all(txs.slice(from, c.at).map((tx) => single.submit(tx)))) expected.set(o.decision.id, o.decision);
    if (c.op) lists.apply({ op: c.op, entry: entry(busy), after_transactions: c.at });
    from = c.at;
  }
  const listedHits = [...expected.values()].filter((d) => d.reasons.some((r) => r.rule === 'graph.listed_party')).length;
  assert.ok(listedHits > 0, 'the listed accounts change decisions');

  // The stream: the two changes as list messages at their places, numbered with the transactions.
  const msgs: StreamRecord[] = txs.map((tx) => ({ seq: 0, data: encodeTransaction(tx) }));
  for (const c of [...changes].reverse()) msgs.splice(c.at, 0, { seq: 0, data: encodeListChange({ op: c.op, entry: entry(busy) }), kind: 'list' });
  const stream = msgs.map((m, i) => ({ ...m, seq: i + 1 }));
  const run = async (withLists: boolean): Promise<{ decisions: Map<string, Decision>; store: MemoryStore }> => {
    const store = new MemoryStore();
    await store.appendListEvent(direct);
    const decisions = new Map<string, Decision>();
    for (let i = 0; i < 2; i++) {
      const p = new Pipeline(buildScorer(config), store, { onCommitted: (b) => b.forEach((s) => decisions.set(s.tx.id, s.decision)) });
      const a = new StreamApplier(p, (tx) => partitionOf(tx, 2) === i, withLists
        ? { lists: new Watchlists(p.scorer.features.listed), storedLists: (await store.listEvents()).filter((e) => e.position === undefined), recordLists: true }
        : {});
      for (let k = 0; k < stream.length; k += 300) await a.page(stream.slice(k, k + 300));
      await p.flush();
      assert.equal(a.stats.listChanges, withLists ? 3 : 2);
    }
    return { decisions, store };
  };
  const { decisions, store } = await run(true);
  assert.equal(decisions.size, expected.size);
  for (const [id, d] of expected) assert.deepEqual(decisions.get(id), d, `decision of ${id}`);
  // Recorded once each (both workers tried), at the stream position, after the transactions before it.
  const recorded = (await store.listEvents()).filter((e) => e.position !== undefined);
  assert.deepEqual(recorded.map((e) => [e.op, e.after_transactions, e.position]), [['add', 500, 501], ['remove', 1500, 1502]]);
  // Without the lists the same workers decide differently: the check above can fail.
  const blind = (await run(false)).decisions;
  assert.ok([...expected].some(([id, d]) => JSON.stringify(blind.get(id)) !== JSON.stringify(d)));
});

test('ids met longer ago than the exact window: repeats are settled by the store, memory stays bounded, decisions equal one pipeline', async () => {
  // An exact repeat of an early transaction and an early id reused for other content, both far
  // past a 200-sequence window, then the rest of the stream.
  const txs = bank.transactions;
  const conflict = { ...txs[3], amount: txs[3].amount + 1, from: txs[4].from };
  const msgs = [...txs.slice(0, 1500), txs[1], conflict, ...txs.slice(1500)].map((tx, i) => ({ seq: i + 1, data: encodeTransaction(tx) }));
  const expected = await single(txs);
  const store = new MemoryStore();
  const decisions = new Map<string, Decision>();
  const pipes = [0, 1].map(() => new Pipeline(buildScorer(config), store, { onCommitted: (b) => b.forEach((s) => decisions.set(s.tx.id, s.decision)) }));
  const settled: number[] = [];
  // Workers in step, page by page; settling = both pipelines' decisions durable (each is one page behind at most).
  const settle = async (upTo: number): Promise<void> => {
    settled.push(upTo);
    await Promise.all(pipes.map((p) => p.flush()));
  };
  const appliers = pipes.map((p, i) => new StreamApplier(p, (tx) => partitionOf(tx, 2) === i, { seen: { window: 200, filterBits: 1 << 16 }, settle }));
  for (let k = 0; k < msgs.length; k += 100) {
    for (const a of appliers) await a.page(msgs.slice(k, k + 100));
  }
  await Promise.all(pipes.map((p) => p.flush()));
  assert.equal(decisions.size, expected.size);
  for (const [id, d] of expected) assert.deepEqual(decisions.get(id), d, `decision of ${id}`);
  for (const a of appliers) {
    assert.equal(a.stats.duplicates, 2, 'both repeats skipped by every worker');
    assert.ok(a.stats.idsHeld <= 200, `ids held ${a.stats.idsHeld}`);
  }
  assert.ok(settled.length > 0 && settled.every((u) => u > 0), 'old ids were settled against the store');
  assert.equal(await store.count(), txs.length, 'nothing stored twice');
});

test('list-change codec round-trips and refuses bad changes, naming the field', () => {
  const change = { op: 'add' as const, entry: { list: 'blacklist', kind: 'account' as const, value: 'A1', reason: '', source: 'manual', added_at: '2024-01-01T00:00:00.000Z' } };
  assert.deepEqual(decodeListChange(encodeListChange(change)), { ok: true, change });
  const bad = (v: unknown): string => {
    const d = decodeListChange(new TextEncoder().encode(JSON.stringify(v)));
    return d.ok ? 'ok' : d.errors[0].field;
  };
  assert.equal(bad({ ...change, op: 'drop' }), 'op');
  assert.equal(bad({ ...change, entry: { ...change.entry, kind: 'cat' } }), 'entry.kind');
  assert.equal(bad({ ...change, entry: { ...change.entry, added_at: 'yesterday' } }), 'entry.added_at');
  assert.equal(bad({ op: 'add' }), 'entry');
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
