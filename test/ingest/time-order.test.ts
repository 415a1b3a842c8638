import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { createRng } from '../../src/ml/prng.js';
import { stableTimeOrder, TimeOrderBuffer } from '../../src/ingest/time-order.js';

function tx(id: string, time: number, extra: Partial<Transaction> = {}): Transaction {
  return { id, time, from: `A${time % 7}`, to: `B${time % 5}`, amount: time * 100 + 1, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra };
}

test('replays in event-time order, equal times in input order, every field as it came in', () => {
  const input = [
    tx('t3', 30, { channel: 'cash_out', from_type: 'legal' }),
    tx('t1', 10, { to_type: 'legal', device: 'd-1', ip: '10.0.0.1', purpose: 'SALA', payer_age: 0 }),
    tx('t2a', 20, { currency: 'USD' }),
    tx('t2b', 20, { phone: '+85212345678', country: 'HK', counterparty_bank: 'BANKHKHH', geo: '31.2,121.4', from_name: 'Li Lei', to_name: 'Han Meimei' }),
    tx('t0', 0),
  ];
  const b = new TimeOrderBuffer();
  for (const t of input) b.add(t);
  assert.equal(b.size, 5);
  const out = [...b.drain()];
  assert.deepEqual(out.map((t) => t.id), ['t0', 't1', 't2a', 't2b', 't3']);
  const byId = new Map(input.map((t) => [t.id, t]));
  for (const t of out) {
    assert.deepEqual(t, byId.get(t.id), t.id);
    assert.deepEqual(Object.keys(t), Object.keys(byId.get(t.id)!), `${t.id}: the fields in the order validation writes them`);
  }
  assert.throws(() => [...b.drain()], /already drained/, 'handed over once');
});

test('random streams: the replay equals a stable sort of the objects by time', () => {
  const rnd = createRng(11);
  for (let round = 0; round < 20; round++) {
    const n = 1 + Math.floor(rnd() * 3000);
    const input: Transaction[] = [];
    for (let i = 0; i < n; i++) {
      const t = Math.floor(rnd() * 50) * 1000; // many equal times
      input.push(tx(`r${round}-${i}`, t, rnd() < 0.1 ? { device: `dev${i % 3}` } : rnd() < 0.05 ? { channel: `ch${i % 4}`, to_type: 'legal' } : {}));
    }
    const b = new TimeOrderBuffer();
    for (const t of input) b.add(t);
    const want = [...input].sort((a, c) => a.time - c.time);
    assert.deepEqual([...b.drain()], want, `round ${round}`);
  }
});

test('an input already in order is replayed as it came, without sorting', () => {
  const b = new TimeOrderBuffer();
  const input = Array.from({ length: 5000 }, (_, i) => tx(`s${i}`, Math.floor(i / 3)));
  for (const t of input) b.add(t);
  assert.deepEqual([...b.drain()], input);
});

test('stableTimeOrder: positions by time, ties by position (hand-checked, and against a comparator sort)', () => {
  assert.deepEqual([...stableTimeOrder(Float64Array.from([5, -1, 5, 0, -1, 7]), 6)], [1, 4, 3, 0, 2, 5]);
  assert.deepEqual([...stableTimeOrder(Float64Array.from([3, 2, 1, 9]), 3)], [2, 1, 0], 'only the first n');
  assert.deepEqual([...stableTimeOrder(new Float64Array(0), 0)], []);
  const rnd = createRng(5);
  const times = Float64Array.from({ length: 10_000 }, () => Math.floor(rnd() * 300) * 86_400_000 - 1e12);
  const want = Array.from({ length: times.length }, (_, i) => i).sort((a, b) => times[a] - times[b]);
  assert.deepEqual([...stableTimeOrder(times, times.length)], want);
  // Spans needing one, two and three 16-bit passes, and the fallback for fractions and huge spans.
  for (const span of [40_000, 3_000_000_000, 30_000_000_000_000]) {
    const t = Float64Array.from({ length: 5000 }, () => Math.floor(rnd() * 50) * Math.floor(span / 50) + 1.7e12);
    assert.deepEqual([...stableTimeOrder(t, t.length)], Array.from({ length: t.length }, (_, i) => i).sort((a, b) => t[a] - t[b]), `span ${span}`);
  }
  const fractional = Float64Array.from([2.5, 1.25, 2.5, -3.75]);
  assert.deepEqual([...stableTimeOrder(fractional, 4)], [3, 1, 0, 2]);
  const huge = Float64Array.from([2 ** 52, 0, 2 ** 52, 1]);
  assert.deepEqual([...stableTimeOrder(huge, 4)], [1, 3, 0, 2]);
});
