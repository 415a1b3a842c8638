import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DAY, HOUR, run, T0, tx } from './helpers.js';

/** A ring A0 → A1 → … → A(n-1), one hour apart, then the closing transfer A(n-1) → A0... as the last. */
function ring(n: number, step = HOUR, prefix = 'A'): Transaction[] {
  const out: Transaction[] = [];
  for (let i = 0; i < n; i++) out.push(tx(`${prefix}${i}`, `${prefix}${(i + 1) % n}`, T0 + i * step, 1000 - i));
  return out;
}

test('a two-cycle: the receiver paid the sender before', () => {
  const { all } = run([tx('A', 'B', T0, 100), tx('B', 'A', T0 + HOUR, 90)]);
  assert.equal(all[0]('cycle_len'), 0);
  assert.equal(all[1]('cycle_len'), 2);
  assert.equal(all[1]('cycle_count'), 1);
});

test('a cycle of exactly the maximum length counts; one transfer longer does not', () => {
  for (const L of [3, 4, 5, 6, 7]) {
    const exact = run(ring(L), { maxCycleLength: L });
    assert.equal(exact.f('cycle_len'), L, `ring of ${L} with L = ${L}`);
    assert.equal(exact.f('cycle_count'), 1);
    const longer = run(ring(L + 1), { maxCycleLength: L });
    assert.equal(longer.f('cycle_len'), 0, `ring of ${L + 1} with L = ${L}`);
    assert.equal(longer.f('search_truncated'), 0);
  }
  assert.equal(run(ring(10)).f('cycle_len'), 10, 'the default L is 10');
  assert.equal(run(ring(11)).f('cycle_len'), 0);
});

test('a path that goes back in time is no cycle', () => {
  // A → B at 10:00, B → C at 09:00 (earlier), C → A closes: B → C happened before A → B.
  const { f } = run([tx('B', 'C', T0, 100), tx('A', 'B', T0 + HOUR, 100), tx('C', 'A', T0 + 2 * HOUR, 100)]);
  assert.equal(f('cycle_len'), 0);
  // In order it is a 3-cycle; equal times are in order.
  const ok = run([tx('A', 'B', T0, 100), tx('B', 'C', T0, 100), tx('C', 'A', T0, 100)]);
  assert.equal(ok.f('cycle_len'), 3);
});

test('every transfer of the cycle must lie within the cycle window', () => {
  const steps = ring(4, DAY); // spans 3 days
  assert.equal(run(steps, { cycleWindowMs: 4 * DAY }).f('cycle_len'), 4);
  assert.equal(run(steps, { cycleWindowMs: 3 * DAY }).f('cycle_len'), 0, 'the first transfer is exactly 3 days old');
});

test('the shortest cycle wins and cycle_count counts distinct first hops out of the receiver', () => {
  const { f } = run([
    tx('R', 'X', T0, 100),
    tx('X', 'S', T0 + HOUR, 100), // R → X → S: a 3-cycle when S pays R
    tx('R', 'Y', T0 + 2 * HOUR, 100),
    tx('Y', 'Z', T0 + 3 * HOUR, 100),
    tx('Z', 'S', T0 + 4 * HOUR, 100), // R → Y → Z → S: a 4-cycle
    tx('R', 'W', T0 + 5 * HOUR, 100),
    tx('W', 'V', T0 + 6 * HOUR, 100), // W leads nowhere back
    tx('S', 'R', T0 + 7 * HOUR, 100),
  ]);
  assert.equal(f('cycle_len'), 3);
  assert.equal(f('cycle_count'), 2);
});

test('a cycle through a super-node is skipped and counted in search_truncated', () => {
  const fans = Array.from({ length: 5 }, (_, i) => tx(`P${i}`, 'HUB', T0 + i, 5));
  const txs = [...fans, tx('R', 'HUB', T0 + HOUR, 100), tx('HUB', 'S', T0 + 2 * HOUR, 100), tx('S', 'R', T0 + 3 * HOUR, 100)];
  const capped = run(txs, { patternMaxDegree: 4 });
  assert.equal(capped.f('cycle_len'), 0);
  assert.ok(capped.f('search_truncated') >= 1);
  const open = run(txs, { patternMaxDegree: 100 });
  assert.equal(open.f('cycle_len'), 3);
});

test('a self-transfer closes no cycle', () => {
  const { f } = run([tx('A', 'A', T0, 1), tx('A', 'A', T0 + 1, 1)]);
  assert.equal(f('cycle_len'), 0);
  assert.equal(f('sg_paths'), 0);
});
