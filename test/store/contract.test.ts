import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScoredTransaction } from '../../src/domain/alert.js';
import type { Decision } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { IdempotencyConflictError } from '../../src/domain/transaction-check.js';
import { generateBank } from '../../src/demo/index.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { openEngine } from '../../src/engine/runtime.js';
import type { StoredPaymentMessage } from '../../src/engine/iso20022/store-port.js';
import { AuditLog, verifyAudit } from '../../src/security/audit.js';
import { createUser, listUsers } from '../../src/security/users.js';
import { MemoryStore } from '../../src/store/memory.js';
import { openStores, StoreMissingError } from '../../src/store/open.js';
import { FAST_SCRYPT, testSigner } from '../security/helpers.js';
import { storeBackends } from './backends.js';

/**
 * The storage contract, run on every adapter: what the engine, cases, security and reports rely
 * on — acknowledged = durable, all-or-nothing batches, idempotent on transaction id, replay to the
 * same state — must hold on SQLite and PostgreSQL alike.
 */

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function tx(id: string, minutes: number, extra: Partial<Transaction> = {}): Transaction {
  return { id, time: T0 + minutes * 60_000, from: 'A1', to: 'B1', amount: 12_345, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra };
}

function scored(t: Transaction, decision: Decision['decision'], score: number): ScoredTransaction {
  return { tx: t, decision: { id: t.id, score, decision, reasons: decision === 'ALLOW' ? [] : [{ rule: 'r1', weight: 0.5, values: [['fan_in_24h', 3]] }] } };
}

const config = { ...defaultEngineConfig(), durability: 'normal' as const };

for (const backend of storeBackends()) {
  describe(`store contract: ${backend.name}`, { skip: backend.skip }, () => {
    test('transactions: append, find, replay in order, exact round trip, reopen', async () => {
      const url = await backend.fresh('tx');
      let stores = await openStores(url, { durability: 'full' });
      assert.equal(stores.created, true);
      const store = stores.transactions;
      const big = tx('T2', 2, { amount: 9_007_199_254_740_991, device: 'D1', ip: '10.0.0.1', phone: '+8613800000000', country: 'CN', counterparty_bank: 'BANK', to_type: 'legal', purpose: 'GDDS', payer_age: 67, geo: '31.2304,121.4737' });
      const batch = [scored(tx('T1', 1), 'ALLOW', 0.1 + 0.2), scored(big, 'REVIEW', 0.7), scored(tx('T3', 3, { from: 'C1' }), 'BLOCK', 0.95)];
      await store.append(batch);
      await store.append([scored(tx('T4', 4), 'ALLOW', 0)]);
      await store.append([]);
      assert.equal(await store.count(), 4);
      assert.deepEqual(await store.findDecision('T1'), batch[0].decision);
      assert.equal((await store.findDecision('T1'))!.score, 0.1 + 0.2, 'scores are kept exactly');
      assert.equal(await store.findDecision('nope'), undefined);
      // With each row's place in the log.
      assert.deepEqual(await store.findScored(['T3', 'missing', 'T2']), [{ ...batch[2], position: 3 }, { ...batch[1], position: 2 }]);
      const pages: string[][] = [];
      for await (const page of store.replay(3)) pages.push(page.map((t) => t.id));
      assert.deepEqual(pages, [['T1', 'T2', 'T3'], ['T4']]);
      await stores.close();

      stores = await openStores(url, { mustExist: true });
      assert.equal(stores.created, false);
      const replayed: Transaction[] = [];
      for await (const page of stores.transactions.replay()) replayed.push(...page);
      assert.deepEqual(replayed, [...batch.map((s) => s.tx), tx('T4', 4)]);
      await stores.close();
    });

    test('a batch holding an id already stored (or twice) is refused whole; invalid records never reach the store', async () => {
      const stores = await openStores(await backend.fresh('dup'), { durability: 'normal' });
      const store = stores.transactions;
      await store.append([scored(tx('T1', 1), 'REVIEW', 0.6)]);
      await assert.rejects(store.append([scored(tx('T2', 2), 'REVIEW', 0.6), scored(tx('T1', 3), 'ALLOW', 0)]));
      await assert.rejects(store.append([scored(tx('T5', 2), 'ALLOW', 0), scored(tx('T5', 2), 'ALLOW', 0)]));
      await assert.rejects(store.append([scored(tx('T6', 2, { amount: 1.5 }), 'ALLOW', 0)]), /amount/);
      assert.equal(await store.count(), 1);
      assert.equal(await store.findDecision('T2'), undefined);
      assert.deepEqual((await store.alerts({ limit: 10 })).map((a) => a.transaction_id), ['T1']);
      // The store is still usable after a refused batch.
      await store.append([scored(tx('T2', 2), 'ALLOW', 0)]);
      assert.equal(await store.count(), 2);
      await stores.close();
    });

    test('alerts: newest first with filters, the durable queue, per day, alerted accounts', async () => {
      const stores = await openStores(await backend.fresh('alerts'), { durability: 'normal' });
      const store = stores.transactions;
      const day = 24 * 60;
      await store.append([
        scored(tx('T1', 0), 'REVIEW', 0.6), scored(tx('T2', 1), 'ALLOW', 0.1), scored(tx('T3', 2, { from: 'C1', to: 'D1' }), 'BLOCK', 0.9),
        scored(tx('T4', day + 5, { to: 'E1' }), 'REVIEW', 0.7),
      ]);
      const all = await store.alerts({ limit: 10 });
      assert.deepEqual(all.map((a) => a.transaction_id), ['T4', 'T3', 'T1']);
      assert.deepEqual(all[2], {
        seq: all[2].seq, transaction_id: 'T1', time: new Date(T0).toISOString(), from: 'A1', to: 'B1', amount: 12_345, currency: 'CNY',
        score: 0.6, decision: 'REVIEW', reasons: [{ rule: 'r1', weight: 0.5, values: [['fan_in_24h', 3]] }],
      });
      assert.ok(all[0].seq > all[1].seq && all[1].seq > all[2].seq);
      assert.deepEqual((await store.alerts({ limit: 10, before: all[0].seq })).map((a) => a.transaction_id), ['T3', 'T1']);
      assert.deepEqual((await store.alerts({ limit: 10, decision: 'BLOCK' })).map((a) => a.transaction_id), ['T3']);
      assert.deepEqual((await store.alerts({ limit: 10, account: 'B1' })).map((a) => a.transaction_id), ['T1']);
      assert.deepEqual((await store.alerts({ limit: 1 })).map((a) => a.transaction_id), ['T4']);
      assert.deepEqual((await store.alertsAfter(all[2].seq, 10)).map((a) => a.transaction_id), ['T3', 'T4']);
      assert.deepEqual((await store.alertsAfter(0, 1)).map((a) => a.transaction_id), ['T1']);
      assert.equal(await store.lastAlertSeq(), all[0].seq);
      assert.deepEqual(await store.alertsByDay(), [{ day: '2026-01-15', REVIEW: 1, BLOCK: 1 }, { day: '2026-01-16', REVIEW: 1, BLOCK: 0 }]);
      assert.deepEqual([...(await store.alertedAccounts())].sort(), ['A1', 'B1', 'C1', 'D1', 'E1']);
      // A store that indexes alerts by account behind its appends answers the same at any lag.
      if (store.indexAlertAccounts) {
        const byAccount = async (): Promise<string[][]> =>
          Promise.all(['A1', 'B1', 'D1', 'E1', 'Z9'].map(async (a) => (await store.alerts({ limit: 10, account: a })).map((x) => x.transaction_id)));
        const want = [['T4', 'T1'], ['T1'], ['T3'], ['T4'], []];
        assert.deepEqual(await byAccount(), want);
        assert.equal(await store.indexAlertAccounts(2), 2);
        assert.deepEqual(await byAccount(), want);
        assert.equal(await store.countAlerts({ account: 'A1' }), 2);
        assert.deepEqual([...(await store.alertedAccounts())].sort(), ['A1', 'B1', 'C1', 'D1', 'E1']);
        assert.equal(await store.indexAlertAccounts(10), 1);
        assert.equal(await store.indexAlertAccounts(10), 0);
        assert.deepEqual(await byAccount(), want);
        assert.deepEqual([...(await store.alertedAccounts())].sort(), ['A1', 'B1', 'C1', 'D1', 'E1']);
        await store.append([scored(tx('T5', day + 6, { from: 'Z9' }), 'REVIEW', 0.7)]);
        assert.deepEqual((await store.alerts({ limit: 10, account: 'Z9' })).map((x) => x.transaction_id), ['T5']);
        assert.deepEqual((await store.alerts({ limit: 10, account: 'A1', decision: 'REVIEW', before: all[0].seq })).map((x) => x.transaction_id), ['T1']);
      }
      await stores.close();
      const empty = await openStores(await backend.fresh('noalerts'), { durability: 'normal' });
      assert.equal(await empty.transactions.lastAlertSeq(), 0);
      assert.deepEqual(await empty.transactions.alertsByDay(), []);
      await empty.close();
    });

    test('list changes and settings persist in order', async () => {
      const url = await backend.fresh('lists');
      let stores = await openStores(url, { durability: 'normal' });
      const entry = (value: string) => ({ list: 'blacklist', kind: 'account' as const, value, reason: 'mule', source: 'test', added_at: '2026-01-15T09:00:00.000Z' });
      await stores.transactions.appendListEvent({ op: 'add', entry: entry('A1'), after_transactions: 0 });
      await stores.transactions.appendListEvent({ op: 'add', entry: entry('B1'), after_transactions: 5 });
      await stores.transactions.appendListEvent({ op: 'remove', entry: entry('A1'), after_transactions: 7 });
      assert.equal(await stores.transactions.getSetting('k'), undefined);
      await stores.transactions.setSetting('k', 'one');
      await stores.transactions.setSetting('k', 'two');
      await stores.close();
      stores = await openStores(url, { mustExist: true });
      assert.deepEqual(await stores.transactions.listEvents(), [
        { op: 'add', entry: entry('A1'), after_transactions: 0 },
        { op: 'add', entry: entry('B1'), after_transactions: 5 },
        { op: 'remove', entry: entry('A1'), after_transactions: 7 },
      ]);
      assert.equal(await stores.transactions.getSetting('k'), 'two');
      await stores.close();
    });

    test('list changes from a stream are recorded once per position, in order with the others', async () => {
      const url = await backend.fresh('listpos');
      const a = await openStores(url, { durability: 'normal' });
      const b = await openStores(url, { durability: 'normal' });
      const entry = (value: string) => ({ list: 'blacklist', kind: 'account' as const, value, reason: '', source: 'manual', added_at: '2026-01-15T09:00:00.000Z' });
      assert.equal(await a.transactions.appendListEvent({ op: 'add', entry: entry('D1'), after_transactions: 0 }), true);
      assert.equal(await a.transactions.appendListEvent({ op: 'add', entry: entry('S1'), after_transactions: 10, position: 12 }), true);
      // A second worker offering the same stream change: left out.
      assert.equal(await b.transactions.appendListEvent({ op: 'add', entry: entry('S1'), after_transactions: 10, position: 12 }), false);
      assert.equal(await b.transactions.appendListEvent({ op: 'remove', entry: entry('S1'), after_transactions: 20, position: 25 }), true);
      assert.equal(await b.transactions.appendListEvent({ op: 'add', entry: entry('D2'), after_transactions: 20 }), true);
      assert.deepEqual(await a.transactions.listEvents(), [
        { op: 'add', entry: entry('D1'), after_transactions: 0 },
        { op: 'add', entry: entry('S1'), after_transactions: 10, position: 12 },
        { op: 'remove', entry: entry('S1'), after_transactions: 20, position: 25 },
        { op: 'add', entry: entry('D2'), after_transactions: 20 },
      ]);
      await a.close();
      await b.close();
    });

    test('leases: one holder at a time across connections, renewed, taken over once expired or from a dead holder, released', async () => {
      const url = await backend.fresh('leases');
      const aStores = await openStores(url, { durability: 'normal' });
      const a = aStores.transactions;
      const bStores = await openStores(url, { durability: 'normal' });
      const b = bStores.transactions;
      const first = await a.claimLease('p0', 'w1', 60_000);
      assert.equal(first.holder, 'w1');
      assert.ok(first.expiresAt > Date.now() + 50_000);
      // Two claimants at once: exactly one wins.
      const race = await Promise.all([a.claimLease('p1', 'x1', 60_000), b.claimLease('p1', 'x2', 60_000)]);
      assert.equal(new Set(race.map((l) => l.holder)).size, 1, 'both see the same holder');
      assert.equal((await b.claimLease('p0', 'w2', 60_000)).holder, 'w1', 'held: refused');
      assert.equal((await a.claimLease('p0', 'w1', 60_000)).holder, 'w1', 'the holder renews');
      assert.equal((await b.claimLease('p0', 'w2', 60_000, 'someone-else')).holder, 'w1', 'replacing names another holder: refused');
      assert.equal((await b.claimLease('p0', 'w2', 60_000, 'w1')).holder, 'w2', 'replacing the dead holder');
      // Expired: anyone may take it.
      await a.claimLease('p2', 'y1', 1);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await b.claimLease('p2', 'y2', 60_000)).holder, 'y2');
      // Released only by its holder.
      await a.releaseLease('p2', 'y1');
      assert.equal((await a.claimLease('p2', 'y3', 60_000)).holder, 'y2');
      await b.releaseLease('p2', 'y2');
      assert.equal((await a.claimLease('p2', 'y3', 60_000)).holder, 'y3');
      await aStores.close();
      await bStores.close();
    });

    test('the engine over the store: idempotent on id, and a restart replays to the same state (same decisions after it)', async () => {
      const bank = generateBank({ seed: 7, accounts: 200, days: 6, targetTransactions: 2000 });
      const all = bank.transactions;
      const half = Math.floor(all.length / 2);
      const listed = bank.listed.accounts[0];
      // One process that never stops, in memory: the reference.
      const expected: Decision[] = [];
      const refEngine = await openEngine(config, new MemoryStore());
      for (let i = 0; i < all.length; i++) {
        if (i === half) await refEngine.lists.add({ list: 'blacklist', kind: 'account', value: listed, reason: 'mule', source: 'test' });
        expected.push((await refEngine.pipeline.submit(all[i])).decision);
      }
      assert.ok(expected.some((d) => d.decision !== 'ALLOW'), 'the stream has alerts');

      const url = await backend.fresh('engine');
      let stores = await openStores(url, { durability: 'normal' });
      let engine = await openEngine(config, stores.transactions);
      const first = await Promise.all(all.slice(0, half).map((t) => engine.pipeline.submit(t)));
      await engine.pipeline.flush();
      await engine.lists.add({ list: 'blacklist', kind: 'account', value: listed, reason: 'mule', source: 'test' });
      await stores.close();

      stores = await openStores(url, { durability: 'normal', mustExist: true });
      engine = await openEngine(config, stores.transactions);
      assert.equal(engine.replayed, half);
      const second = await Promise.all(all.slice(half).map((t) => engine.pipeline.submit(t)));
      await engine.pipeline.flush();
      const got = [...first, ...second];
      assert.ok(got.every((o) => !o.duplicate));
      assert.deepEqual(got.map((o) => o.decision), expected, 'decisions after a restart equal one uninterrupted process');

      // The same transaction again: the stored decision, nothing changed; other content: refused.
      const again = await engine.pipeline.submit(all[3]);
      assert.deepEqual(again, { decision: expected[3], duplicate: true });
      await assert.rejects(engine.pipeline.submit({ ...all[3], amount: all[3].amount + 1 }), IdempotencyConflictError);
      assert.equal(await stores.transactions.count(), all.length);
      const alerts = await stores.transactions.alerts({ limit: 100_000 });
      assert.equal(alerts.length, expected.filter((d) => d.decision !== 'ALLOW').length);
      await stores.close();
    });

    test('two writers on one store: every batch lands once and the log order is the commit order', async () => {
      const url = await backend.fresh('writers');
      const a = await openStores(url, { durability: 'normal' });
      await a.transactions.count();
      const b = await openStores(url, { durability: 'normal' });
      const writes: Array<Promise<void>> = [];
      for (let i = 0; i < 20; i++) {
        const w = i % 2 === 0 ? a : b;
        writes.push(w.transactions.append([scored(tx(`W${i}a`, i), 'REVIEW', 0.5), scored(tx(`W${i}b`, i), 'ALLOW', 0.1)]));
      }
      await Promise.all(writes);
      const order: string[] = [];
      for await (const page of a.transactions.replay(7)) order.push(...page.map((t) => t.id));
      assert.equal(order.length, 40);
      assert.equal(new Set(order).size, 40);
      // Each batch is contiguous in the log.
      for (let i = 0; i < order.length; i += 2) assert.equal(order[i].replace(/a$/, 'b'), order[i + 1]);
      const queue = await a.transactions.alertsAfter(0, 100);
      assert.deepEqual(queue.map((x) => x.transaction_id), order.filter((id) => id.endsWith('a')));
      await a.close();
      await b.close();
    });

    test('rows with a source position replay in that order, whatever order they were committed in', async () => {
      const url = await backend.fresh('positions');
      const a = await openStores(url, { durability: 'normal' });
      const b = await openStores(url, { durability: 'normal' });
      const at = (id: string, position: number): ScoredTransaction => ({ ...scored(tx(id, position), 'ALLOW', 0), position });
      await a.transactions.append([at('P4', 4), at('P6', 6)]);
      await b.transactions.append([at('P1', 1), at('P3', 3)]);
      await a.transactions.append([at('P2', 2), at('P5', 5)]);
      const order: string[] = [];
      for await (const page of b.transactions.replay(4)) order.push(...page.map((t) => t.id));
      assert.deepEqual(order, ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
      // A row without a position goes after the highest.
      await b.transactions.append([scored(tx('Q', 7), 'ALLOW', 0)]);
      const last: string[] = [];
      for await (const page of a.transactions.replay()) last.push(...page.map((t) => t.id));
      assert.equal(last.at(-1), 'Q');
      await assert.rejects(a.transactions.append([at('P9', 3)]), 'a position already taken is refused');
      await a.close();
      await b.close();
    });

    test('replayAfter reads on from a place in replay; countThrough tells rows placed behind it', async () => {
      const url = await backend.fresh('replay-after');
      const stores = await openStores(url, { durability: 'normal' });
      const store = stores.transactions;
      const at = (id: string, position: number): ScoredTransaction => ({ ...scored(tx(id, position), 'ALLOW', 0), position });
      await store.append([at('R2', 2), at('R4', 4), at('R5', 5)]);
      const pages: Array<[string[], number]> = [];
      for await (const p of store.replayAfter(0, 2)) pages.push([p.rows.map((r) => r.tx.id), p.last]);
      assert.deepEqual(pages, [[['R2', 'R4'], 4], [['R5'], 5]]);
      assert.equal(await store.countThrough(5), 3);
      const rest: string[] = [];
      for await (const p of store.replayAfter(4)) rest.push(...p.rows.map((r) => `${r.tx.id}:${r.decision.decision}`));
      assert.deepEqual(rest, ['R5:ALLOW']);
      // A row placed behind a reader's last place changes the count through it.
      await store.append([at('R3', 3)]);
      assert.equal(await store.countThrough(5), 4);
      assert.equal(await store.countThrough(2), 1);
      const none: string[] = [];
      for await (const p of store.replayAfter(5)) none.push(...p.rows.map((r) => r.tx.id));
      assert.deepEqual(none, []);
      await stores.close();
    });

    test('replayAfter rows carry the transfer facts and the decision with its reasons, exactly', async () => {
      const url = await backend.fresh('replay-after-facts');
      const stores = await openStores(url, { durability: 'normal' });
      const store = stores.transactions;
      const loop = { rule: 'pattern.cycle', weight: 0.7, values: [['cycle_len', 3]] as Array<[string, number]>, accounts: ['B1', 'C1', 'A1'], transactions: ['L1', 'L2'] };
      const abroad = tx('F1', 1, { amount: 7, currency: 'USD', channel: 'cross_border', country: 'SG', device: 'D1', purpose: 'GIFT' });
      await store.append([
        scored(tx('F0', 0), 'ALLOW', 0.01),
        { tx: abroad, decision: { id: 'F1', score: 0.875, decision: 'REVIEW', reasons: [loop] } },
      ]);
      const rows: unknown[] = [];
      for await (const p of store.replayAfter(0)) rows.push(...p.rows);
      assert.deepEqual(JSON.parse(JSON.stringify(rows)), [
        { tx: { id: 'F0', time: T0, from: 'A1', to: 'B1', amount: 12_345, currency: 'CNY', channel: 'transfer' }, decision: { score: 0.01, decision: 'ALLOW', reasons: [] } },
        { tx: { id: 'F1', time: T0 + 60_000, from: 'A1', to: 'B1', amount: 7, currency: 'USD', channel: 'cross_border', country: 'SG' }, decision: { score: 0.875, decision: 'REVIEW', reasons: [loop] } },
      ].map((r) => JSON.parse(JSON.stringify(r))));
      await stores.close();
    });

    test('users, sessions and the audit chain', async () => {
      const url = await backend.fresh('security');
      const stores = await openStores(url, { durability: 'normal' });
      const s = stores.security;
      await createUser(s, { username: 'Zed', password: 'correct horse battery staple', role: 'analyst' }, { scrypt: FAST_SCRYPT });
      await createUser(s, { username: 'ana', password: 'correct horse battery staple', role: 'supervisor' }, { scrypt: FAST_SCRYPT });
      await assert.rejects(createUser(s, { username: 'ANA', password: 'correct horse battery staple', role: 'analyst' }, { scrypt: FAST_SCRYPT }), /already exists/);
      assert.deepEqual((await listUsers(s)).map((u) => [u.username, u.role, u.must_change_password, u.disabled]), [['ana', 'supervisor', false, false], ['zed', 'analyst', false, false]]);
      const ana = (await s.findUser('ana'))!;
      assert.deepEqual(await s.findUserById(ana.id), ana);
      assert.equal(await s.updateUser(ana.id, { disabled: true, role: 'admin', updated_at: '2026-01-16T00:00:00.000Z' }), true);
      assert.equal(await s.updateUser('u_none', { disabled: true, updated_at: '2026-01-16T00:00:00.000Z' }), false);
      const after = (await s.findUser('ana'))!;
      assert.equal(after.disabled, true);
      assert.equal(after.role, 'admin');
      assert.equal(await s.countUsers(), 2);
      const session = { token_hash: 'h1', user_id: ana.id, created_at: 1000, last_seen_at: 1000, expires_at: 5000, absolute_expires_at: 9000 };
      await s.insertSession(session);
      await s.insertSession({ ...session, token_hash: 'h2', expires_at: 1500 });
      await s.touchSession('h1', 2000, 6000);
      assert.deepEqual(await s.findSession('h1'), { ...session, last_seen_at: 2000, expires_at: 6000 });
      assert.equal(await s.deleteExpiredSessions(1600), 1);
      assert.equal(await s.deleteSession('h1'), true);
      assert.equal(await s.deleteSession('h1'), false);
      assert.equal(await s.deleteUserSessions(ana.id), 0);

      const signer = testSigner();
      const log = new AuditLog(s, signer, { checkpointEvery: 3 });
      // Concurrent appends extend one chain.
      await Promise.all(Array.from({ length: 8 }, (_, i) => log.append({ actor: 'user:ana', action: 'case.assign', subject: `case-${i}`, details: { i, 名: '张三' } })));
      const r = await verifyAudit(s, { publicKeys: signer.publicKey, checkpointEvery: 3 });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.rows, 8);
      assert.ok(r.checkpoints >= 2);
      await assert.rejects(backend.exec(url, "UPDATE audit_log SET actor = 'x' WHERE seq = 1"), /append-only/);
      await assert.rejects(backend.exec(url, 'DELETE FROM audit_checkpoints'), /append-only/);
      await stores.close();
    });

    test('parties: upsert, lookup, all in account order, count', async () => {
      const stores = await openStores(await backend.fresh('parties'), { durability: 'normal' });
      const p = stores.parties;
      await p.upsert([{ account: 'B2', party_type: 'legal', entity: { name: '某某贸易有限公司' } }, { account: 'A1', party_type: 'natural', person: { name: '张三', id_number: '110101199001011234' } }]);
      await p.upsert([{ account: 'B2', party_type: 'legal', entity: { name: 'Renamed Ltd' } }]);
      await p.upsert([]);
      assert.equal(await p.count(), 2);
      assert.deepEqual([...(await p.lookup(['A1', 'nobody', 'A1'])).entries()], [['A1', { account: 'A1', party_type: 'natural', person: { name: '张三', id_number: '110101199001011234' } }]]);
      assert.deepEqual((await p.all()).map((x) => [x.account, x.entity?.name ?? x.person?.name]), [['A1', '张三'], ['B2', 'Renamed Ltd']]);
      await stores.close();
    });

    test('ISO 20022 rows: written rows become durable with the next transaction commit, or a sync', async () => {
      const url = await backend.fresh('iso');
      let stores = await openStores(url, { durability: 'full' });
      const row = (msgId: string, e2e: string): StoredPaymentMessage => ({
        msgId, type: 'pacs.008.001.10', endToEndId: e2e, hash: 'h'.repeat(64), receivedAt: '2026-01-15T09:00:00.000Z',
        facts: { purpose: 'SALA' } as never,
      });
      await stores.payments.append([row('M1', 'E1')]);
      stores.payments.write([row('M2', 'E1')]);
      assert.deepEqual((await stores.payments.find('M2'))?.msgId, 'M2');
      assert.deepEqual((await stores.payments.byEndToEndId('E1')).map((m) => m.msgId), ['M1', 'M2']);
      await stores.transactions.append([scored(tx('T1', 1), 'ALLOW', 0)]);
      stores.payments.write([row('M3', 'E2')]);
      await stores.payments.sync();
      stores.payments.write([row('M4', 'E3')]);
      await stores.payments.remove(['M4', 'M3']);
      await stores.close();
      stores = await openStores(url, { mustExist: true });
      const all: string[] = [];
      for await (const page of stores.payments.all()) all.push(...page.map((m) => m.msgId));
      assert.deepEqual(all, ['M1', 'M2']);
      assert.deepEqual(await stores.payments.find('M1'), row('M1', 'E1'));
      await stores.close();
    });

    test('a read that needs an existing store refuses an empty one and creates nothing', async () => {
      const url = await backend.fresh('missing');
      await assert.rejects(openStores(url, { mustExist: true }), StoreMissingError);
      await assert.rejects(openStores(url, { mustExist: true }), StoreMissingError);
      const stores = await openStores(url, { durability: 'normal' });
      assert.equal(stores.created, true, 'nothing was there after the refusals');
      await stores.close();
    });
  });
}
