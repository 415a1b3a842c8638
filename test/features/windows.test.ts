import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR, MIN, run, T0, tx } from './helpers.js';

const W = { windowsMs: [HOUR, 24 * HOUR] };

test('windowed count, sum and distinct counterparties include the current transaction', () => {
  const { f } = run([tx('A', 'B', T0, 100), tx('A', 'C', T0 + 30 * MIN, 200), tx('A', 'B', T0 + 2 * HOUR, 50)], W);
  assert.equal(f('from_out_count_1h'), 1);
  assert.equal(f('from_out_sum_1h'), 50);
  assert.equal(f('from_out_uniq_1h'), 1);
  assert.equal(f('from_out_count_24h'), 3);
  assert.equal(f('from_out_sum_24h'), 350);
  assert.equal(f('from_out_uniq_24h'), 2);
  // The receiver B saw two inflows from the same sender.
  assert.equal(f('to_in_count_24h'), 2);
  assert.equal(f('to_in_uniq_24h'), 1);
  assert.equal(f('to_in_sum_1h'), 50);
});

test('an edge exactly one window old has left the window', () => {
  const { f } = run([tx('A', 'B', T0, 10), tx('A', 'C', T0 + HOUR, 20)], W);
  assert.equal(f('from_out_count_1h'), 1);
  assert.equal(f('from_out_uniq_1h'), 1);
  assert.equal(f('from_out_count_24h'), 2);
});

test('distinct counterparties survive the expiry of an older edge of the same pair', () => {
  const { all } = run(
    [
      tx('A', 'B', T0, 1),
      tx('A', 'B', T0 + 50 * MIN, 1),
      tx('A', 'C', T0 + 70 * MIN, 1), // first A→B expired, second still in: {B, C}
      tx('A', 'B', T0 + 120 * MIN, 1), // 50-min edge expired: {C, B}
      tx('A', 'D', T0 + 190 * MIN, 1), // only D left in the hour
    ],
    W,
  );
  assert.deepEqual(all.map((f) => f('from_out_uniq_1h')), [1, 1, 2, 2, 1]);
  assert.deepEqual(all.map((f) => f('from_out_count_1h')), [1, 2, 2, 2, 1]);
  assert.deepEqual(all.map((f) => f('from_out_uniq_24h')), [1, 1, 2, 2, 3]);
});

test('a pair whose only edge expired is counted again by its next edge', () => {
  const { f } = run([tx('A', 'B', T0, 5), tx('A', 'B', T0 + 2 * HOUR, 5)], W);
  assert.equal(f('from_out_uniq_1h'), 1);
  assert.equal(f('from_out_count_1h'), 1);
  assert.equal(f('from_out_uniq_24h'), 1);
  assert.equal(f('from_out_count_24h'), 2);
});

test('in and out windows of both sides are expired to the transaction time', () => {
  const { f } = run([tx('X', 'A', T0, 300), tx('A', 'Y', T0 + 30 * MIN, 100), tx('Z', 'A', T0 + 3 * HOUR, 7)], W);
  // Receiver A: its inflow from X (3h ago) left the hour; its outflow too.
  assert.equal(f('to_in_count_1h'), 1);
  assert.equal(f('to_in_sum_1h'), 7);
  assert.equal(f('to_out_count_1h'), 0);
  assert.equal(f('to_out_sum_1h'), 0);
  assert.equal(f('to_in_sum_24h'), 307);
  assert.equal(f('to_in_uniq_24h'), 2);
  assert.equal(f('to_out_sum_24h'), 100);
});

test('self-transfers count once in each direction', () => {
  const { f } = run([tx('A', 'A', T0, 10)], W);
  assert.equal(f('from_out_count_1h'), 1);
  assert.equal(f('from_in_count_1h'), 1);
  assert.equal(f('from_out_uniq_1h'), 1);
});
