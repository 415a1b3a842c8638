import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBank, DEFAULT_START } from '../../src/demo/generator.js';
import { PATTERNS } from '../../src/demo/types.js';
import { validateTransaction } from '../../src/domain/transaction.js';
import { SMALL, byInstance } from './helpers.js';

const bank = generateBank(SMALL);
const DAY = 86_400_000;

test('the same seed gives an identical bank', () => {
  const again = generateBank(SMALL);
  assert.deepEqual(again.transactions, bank.transactions);
  assert.deepEqual([...again.labels], [...bank.labels]);
  assert.deepEqual(again.accounts, bank.accounts);
  assert.deepEqual(again.listed, bank.listed);
  assert.deepEqual(again.instances, bank.instances);
});

test('a different seed gives a different bank', () => {
  const other = generateBank({ ...SMALL, seed: SMALL.seed + 1 });
  assert.notDeepEqual(other.transactions.slice(0, 50), bank.transactions.slice(0, 50));
  assert.notDeepEqual([...other.labels.keys()], [...bank.labels.keys()]);
});

test('size is within ±20% of the target', () => {
  for (const [accounts, target] of [[800, 20_000], [300, 8_000], [2_000, 60_000]] as const) {
    const b = accounts === SMALL.accounts ? bank : generateBank({ seed: 9, accounts, targetTransactions: target });
    const n = b.transactions.length;
    assert.ok(n >= target * 0.8 && n <= target * 1.2, `${n} transactions for target ${target}`);
    assert.equal(b.accounts.filter((a) => a.id.startsWith('A')).length, accounts);
  }
});

test('times are sorted and inside the period; ids are unique and numbered in time order', () => {
  const end = DEFAULT_START + 60 * DAY;
  const ids = new Set<string>();
  bank.transactions.forEach((tx, i) => {
    assert.equal(tx.id, 'T' + String(i + 1).padStart(9, '0'));
    ids.add(tx.id);
    assert.ok(tx.time >= DEFAULT_START && tx.time < end, `time ${tx.time}`);
    if (i > 0) assert.ok(tx.time >= bank.transactions[i - 1].time);
  });
  assert.equal(ids.size, bank.transactions.length);
});

test('a custom start and a short period are honoured', () => {
  const start = Date.parse('2025-06-15T09:30:00Z');
  const b = generateBank({ seed: 3, accounts: 400, days: 10, start, targetTransactions: 6_000 });
  assert.ok(b.transactions.every((tx) => tx.time >= start && tx.time < start + 10 * DAY));
  assert.deepEqual(new Set(b.instances.map((i) => i.pattern)), new Set(PATTERNS));
});

test('every transaction validates, serialised as JSON, to itself', () => {
  for (const tx of bank.transactions) {
    const r = validateTransaction(JSON.parse(JSON.stringify(tx)), undefined, true);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.tx, tx);
    assert.ok(Number.isSafeInteger(tx.amount) && tx.amount > 0);
    assert.equal(tx.currency, 'CNY');
    assert.notEqual(tx.from, tx.to);
  }
});

test('every planted pattern is present, labelled apart, at about 1–3% of the default mix', () => {
  const patterns = new Set([...bank.labels.values()].map((l) => l.pattern));
  assert.deepEqual([...patterns].sort(), [...PATTERNS].sort());
  for (const inst of bank.instances) {
    assert.match(inst.instance, /^[a-z_]+-\d{4}$/);
    assert.ok(inst.instance.startsWith(inst.pattern + '-'));
    assert.equal(byInstance(bank).get(inst.instance)?.length, inst.transactions);
  }
  const share = bank.labels.size / bank.transactions.length;
  assert.ok(share > 0.005 && share < 0.12, `share ${share}`);
  for (const id of bank.labels.keys()) assert.match(id, /^T\d{9}$/);
});

test('accounts cover every party, with the right types and opened before they transact', () => {
  const byId = new Map(bank.accounts.map((a) => [a.id, a]));
  for (const tx of bank.transactions) {
    const from = byId.get(tx.from);
    const to = byId.get(tx.to);
    assert.ok(from && to, `${tx.from} ${tx.to}`);
    assert.equal(tx.from_type, from.type);
    assert.equal(tx.to_type, to.type);
    assert.ok(from.openedAt <= tx.time && to.openedAt <= tx.time, `${tx.id} before an account was opened`);
    if (tx.channel === 'cash_in') assert.match(tx.from, /^CASH-[A-Z]{2}\d{2}$/);
    if (tx.channel === 'cash_out') assert.match(tx.to, /^CASH-[A-Z]{2}\d{2}$/);
    if (tx.channel === 'cross_border') assert.ok(tx.country && tx.country !== 'CN');
  }
  const customers = bank.accounts.filter((a) => a.id.startsWith('A'));
  const legal = customers.filter((a) => a.type === 'legal').length / customers.length;
  assert.ok(legal >= 0.05 && legal <= 0.1, `legal share ${legal}`);
  for (const a of customers) assert.match(a.id, /^A\d{5}$/);
});

test('the legitimate background has the expected shape', () => {
  const legit = bank.transactions.filter((tx) => !bank.labels.has(tx.id));
  const channels = new Set(legit.map((tx) => tx.channel));
  for (const c of ['mobile', 'card', 'ecny', 'transfer', 'cash_in', 'cash_out', 'cross_border']) assert.ok(channels.has(c), c);
  // fewer transactions at night (local 01:00–05:00) than in the evening (18:00–22:00)
  const hour = (t: number): number => new Date(t + 8 * 3_600_000).getUTCHours();
  const night = legit.filter((tx) => hour(tx.time) >= 1 && hour(tx.time) < 5).length;
  const evening = legit.filter((tx) => hour(tx.time) >= 18 && hour(tx.time) < 22).length;
  assert.ok(evening > 5 * night, `${evening} vs ${night}`);
  // payroll fan-out: an employer pays many employees on one morning
  const payrolls = new Map<string, Set<string>>();
  for (const tx of legit) {
    if (tx.from_type !== 'legal' || tx.to_type !== 'natural' || tx.channel !== 'transfer') continue;
    const key = `${tx.from}@${Math.floor((tx.time + 8 * 3_600_000) / DAY)}`;
    payrolls.set(key, (payrolls.get(key) ?? new Set()).add(tx.to));
  }
  assert.ok(Math.max(...[...payrolls.values()].map((s) => s.size)) >= 20);
  // merchant fan-in and utility super-nodes
  const inDegree = new Map<string, Set<string>>();
  for (const tx of legit) inDegree.set(tx.to, (inDegree.get(tx.to) ?? new Set()).add(tx.from));
  const utilities = bank.accounts.filter((a) => a.kind === 'utility');
  assert.ok(utilities.some((u) => (inDegree.get(u.id)?.size ?? 0) > 200));
  // family round trips A→B→A of the same amount
  const seen = new Set<string>();
  let roundTrips = 0;
  for (const tx of legit) {
    if (tx.from_type !== 'natural' || tx.to_type !== 'natural') continue;
    if (seen.has(`${tx.to}>${tx.from}:${tx.amount}`)) roundTrips++;
    seen.add(`${tx.from}>${tx.to}:${tx.amount}`);
  }
  assert.ok(roundTrips >= 20, `round trips ${roundTrips}`);
  // most customers use one or two devices; a few devices are shared by a household
  const people = bank.accounts.filter((a) => a.kind === 'person');
  assert.ok(people.filter((a) => a.devices.length <= 2).length / people.length > 0.8);
  const users = new Map<string, number>();
  for (const a of people) for (const d of a.devices) users.set(d, (users.get(d) ?? 0) + 1);
  assert.ok([...users.values()].some((n) => n >= 2));
});

test('accounts in planted instances keep their legitimate activity', () => {
  const legitParties = new Set<string>();
  for (const tx of bank.transactions) {
    if (bank.labels.has(tx.id)) continue;
    legitParties.add(tx.from);
    legitParties.add(tx.to);
  }
  const planted = new Set(bank.instances.filter((i) => i.pattern !== 'dormant_burst').flatMap((i) => i.accounts));
  const people = [...planted].filter((id) => id.startsWith('A'));
  const active = people.filter((id) => legitParties.has(id)).length;
  assert.ok(active / people.length > 0.85, `${active}/${people.length}`);
});

test('bad options are rejected', () => {
  assert.throws(() => generateBank({ seed: Number.NaN }), RangeError);
  assert.throws(() => generateBank({ seed: 1, accounts: 10 }), RangeError);
  assert.throws(() => generateBank({ seed: 1, days: 0 }), RangeError);
  assert.throws(() => generateBank({ seed: 1, targetTransactions: 1.5 }), RangeError);
});

test('planted schemes begin after the history the engine needs (30 days, at most half the period)', () => {
  for (const i of bank.instances) assert.ok(i.start >= DEFAULT_START + 30 * DAY, `${i.instance} starts on day ${(i.start - DEFAULT_START) / DAY}`);
  assert.ok(bank.transactions.some((tx) => tx.time < DEFAULT_START + 30 * DAY), 'the history itself is generated');
  const start = Date.parse('2025-06-15T09:30:00Z');
  const short = generateBank({ seed: 3, accounts: 400, days: 10, start, targetTransactions: 6_000 });
  for (const i of short.instances) assert.ok(i.start >= start + 5 * DAY && i.end < start + 10 * DAY, `${i.instance}`);
});
