import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBank } from '../../src/demo/generator.js';
import { planPatterns } from '../../src/demo/patterns.js';
import { Rng } from '../../src/demo/prng.js';
import { PATTERNS } from '../../src/demo/types.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { SMALL, byInstance } from './helpers.js';

const bank = generateBank({ ...SMALL, seed: 77, targetTransactions: 40_000, accounts: 1_200 });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const isCash = (tx: Transaction): boolean => tx.channel === 'cash_in' || tx.channel === 'cash_out';

test('the default plan has 20–40 instances and scales with the target, at least one per pattern', () => {
  const total = (target: number): number =>
    Object.values(planPatterns(new Rng(1), target).counts).reduce((a, b) => a + b, 0);
  const full = total(200_000);
  assert.ok(full >= 20 && full <= 40, `${full}`);
  assert.equal(total(1_000), PATTERNS.length);
  assert.ok(total(1_000_000) > 3 * full);
});

test('instances are spread over the period, some within a day and some over weeks', () => {
  const spans = bank.instances.map((i) => i.end - i.start);
  assert.ok(spans.some((s) => s < DAY));
  assert.ok(spans.some((s) => s > 10 * DAY));
  const first = Math.min(...bank.instances.map((i) => i.start));
  const last = Math.max(...bank.instances.map((i) => i.start));
  assert.ok(last - first > 20 * DAY);
});

test('a cycle instance goes round one directed loop of 3–6 accounts', () => {
  const cycles = byInstance(bank, 'cycle');
  assert.ok(cycles.size >= 1);
  for (const txs of cycles.values()) {
    const next = new Map<string, string>();
    for (const tx of txs) {
      const prev = next.get(tx.from);
      assert.ok(prev === undefined || prev === tx.to, 'one successor per account');
      next.set(tx.from, tx.to);
    }
    assert.ok(next.size >= 3 && next.size <= 6, `cycle of ${next.size}`);
    const start = txs[0].from;
    let at = start;
    const visited = new Set<string>();
    for (let i = 0; i < next.size; i++) {
      visited.add(at);
      at = next.get(at) as string;
    }
    assert.equal(at, start);
    assert.equal(visited.size, next.size);
    assert.equal(txs.length % next.size, 0);
  }
});

test('structuring deposits are cash just under ¥50,000, several within a few days', () => {
  for (const txs of byInstance(bank, 'structuring').values()) {
    const deposits = txs.filter((tx) => tx.channel === 'cash_in');
    assert.ok(deposits.length >= 4);
    for (const d of deposits) assert.ok(d.amount >= 4_500_000 && d.amount < 5_000_000, `${d.amount}`);
    const byAccount = new Map<string, number>();
    for (const d of deposits) byAccount.set(d.to, (byAccount.get(d.to) ?? 0) + 1);
    assert.ok(Math.max(...byAccount.values()) >= 4);
    assert.ok(deposits[deposits.length - 1].time - deposits[0].time <= 8 * DAY);
    // the money moves on afterwards
    assert.ok(txs[txs.length - 1].channel !== 'cash_in');
  }
});

test('a mule cashes out about what came in, within hours', () => {
  const chains = byInstance(bank, 'mule_chain');
  assert.ok(chains.size >= 1);
  for (const txs of chains.values()) {
    const cashOuts = txs.filter((tx) => tx.channel === 'cash_out');
    assert.ok(cashOuts.length >= 3);
    for (const c of cashOuts) {
      const inbound = txs.filter((tx) => tx.to === c.from && !isCash(tx) && tx.time < c.time && c.time - tx.time <= 8 * HOUR);
      assert.ok(
        inbound.some((tx) => c.amount <= tx.amount && c.amount >= 0.95 * tx.amount),
        `cash-out ${c.id} of ${c.amount} has no matching inbound`,
      );
    }
  }
  const mules = new Set([...chains.values()].flatMap((txs) => txs.filter((tx) => !isCash(tx)).map((tx) => tx.to)));
  assert.ok(bank.listed.accounts.some((a) => mules.has(a)), 'a known mule is listed');
});

test('fan-out and fan-in instances have one hub with many counterparties', () => {
  for (const [pattern, side] of [['fan_out', 'from'], ['fan_in', 'to']] as const) {
    for (const txs of byInstance(bank, pattern).values()) {
      const degree = new Map<string, Set<string>>();
      for (const tx of txs) {
        const hub = side === 'from' ? tx.from : tx.to;
        const other = side === 'from' ? tx.to : tx.from;
        degree.set(hub, (degree.get(hub) ?? new Set()).add(other));
      }
      assert.ok(Math.max(...[...degree.values()].map((s) => s.size)) >= 8, pattern);
    }
  }
});

test('scatter-gather sends through intermediates that all pay one sink', () => {
  for (const txs of byInstance(bank, 'scatter_gather').values()) {
    const receivers = new Map<string, Set<string>>();
    for (const tx of txs) receivers.set(tx.to, (receivers.get(tx.to) ?? new Set()).add(tx.from));
    const [sink, mids] = [...receivers].sort((a, b) => b[1].size - a[1].size)[0];
    assert.ok(mids.size >= 5);
    const sources = new Set(txs.filter((tx) => mids.has(tx.to)).map((tx) => tx.from));
    assert.equal(sources.size, 1, 'one source');
    assert.ok(!mids.has(sink));
  }
});

test('gather-scatter collects from several accounts into a hub that pays several others', () => {
  for (const txs of byInstance(bank, 'gather_scatter').values()) {
    const inFrom = new Map<string, Set<string>>();
    const outTo = new Map<string, Set<string>>();
    for (const tx of txs) {
      inFrom.set(tx.to, (inFrom.get(tx.to) ?? new Set()).add(tx.from));
      outTo.set(tx.from, (outTo.get(tx.from) ?? new Set()).add(tx.to));
    }
    const hubs = [...inFrom.keys()].filter((a) => (inFrom.get(a)?.size ?? 0) >= 5 && (outTo.get(a)?.size ?? 0) >= 5);
    assert.equal(hubs.length, 1);
    const [hub] = hubs;
    const sources = inFrom.get(hub) as Set<string>;
    assert.ok([...(outTo.get(hub) as Set<string>)].every((d) => !sources.has(d)));
    const firstOut = txs.find((tx) => tx.from === hub) as Transaction;
    assert.ok(txs.some((tx) => tx.to === hub && tx.time < firstOut.time));
  }
});

test('stacks and random walks only move money the accounts received', () => {
  for (const pattern of ['stack', 'random_walk'] as const) {
    for (const txs of byInstance(bank, pattern).values()) {
      const received = new Set<string>();
      let funded = 0;
      for (const tx of txs) {
        if (!received.has(tx.from)) funded++;
        received.add(tx.to);
      }
      const senders = new Set(txs.map((tx) => tx.from)).size;
      assert.ok(funded <= txs.length / 2 && senders >= 3, pattern);
    }
  }
  for (const txs of byInstance(bank, 'bipartite').values()) {
    const from = new Set(txs.map((tx) => tx.from));
    const to = new Set(txs.map((tx) => tx.to));
    assert.ok([...from].every((a) => !to.has(a)), 'two disjoint sides');
    assert.ok(from.size >= 3 && to.size >= 3);
  }
});

test('a dormant account is quiet for 90+ days, then moves large sums from a new device', () => {
  const byId = new Map(bank.accounts.map((a) => [a.id, a]));
  for (const inst of bank.instances.filter((i) => i.pattern === 'dormant_burst')) {
    const dormant = inst.accounts.map((id) => byId.get(id)).filter((a) => a?.lastActiveAt !== undefined);
    assert.equal(dormant.length, 1);
    const acct = dormant[0]!;
    const all = bank.transactions.filter((tx) => tx.from === acct.id || tx.to === acct.id);
    assert.ok(all.every((tx) => bank.labels.get(tx.id)?.instance === inst.instance), 'no other activity');
    assert.ok(all[0].time - (acct.lastActiveAt as number) >= 90 * DAY);
    const inflow = all.filter((tx) => tx.to === acct.id).reduce((s, tx) => s + tx.amount, 0);
    assert.ok(inflow >= 30_000_000, 'at least ¥300,000 in');
    const outs = all.filter((tx) => tx.from === acct.id && tx.device);
    assert.ok(outs.every((tx) => !acct.devices.includes(tx.device as string)));
  }
});

test('a fraud ring shares devices and moves money among itself and out', () => {
  for (const txs of byInstance(bank, 'fraud_ring').values()) {
    const users = new Map<string, Set<string>>();
    for (const tx of txs) if (tx.device) users.set(tx.device, (users.get(tx.device) ?? new Set()).add(tx.from));
    assert.ok([...users.values()].some((s) => s.size >= 3), 'a device used by 3+ accounts');
    const senders = new Set(txs.map((tx) => tx.from));
    const internal = txs.filter((tx) => senders.has(tx.to) && senders.has(tx.from));
    assert.ok(internal.length >= 20);
    assert.ok(txs.some((tx) => tx.channel === 'cash_out' || tx.channel === 'cross_border' || !senders.has(tx.to)));
  }
});

test('listed entries exist and are few', () => {
  const ids = new Set(bank.accounts.map((a) => a.id));
  const devices = new Set(bank.accounts.flatMap((a) => a.devices));
  const phones = new Set(bank.accounts.flatMap((a) => a.phones));
  const { accounts, devices: ld, phones: lp } = bank.listed;
  assert.ok(accounts.length >= 2 && accounts.length <= 15);
  assert.ok(ld.length >= 1 && ld.length <= 10 && lp.length >= 1 && lp.length <= 10);
  for (const a of accounts) assert.ok(ids.has(a), a);
  for (const d of ld) assert.ok(devices.has(d), d);
  for (const p of lp) assert.ok(phones.has(p), p);
});
