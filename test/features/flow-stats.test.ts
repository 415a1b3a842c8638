import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR, MIN, run, T0, tx } from './helpers.js';

const close = (a: number, b: number, msg?: string): void => assert.ok(Math.abs(a - b) < 1e-6, `${msg ?? ''} ${a} ≠ ${b}`);

test('flow statistics: mean, max and population std of each side\'s out and in amounts in the pattern window', () => {
  const { f } = run([
    tx('A', 'X', T0, 100),
    tx('A', 'Y', T0 + 10 * MIN, 300),
    tx('Z', 'A', T0 + 20 * MIN, 50),
    tx('A', 'B', T0 + 30 * MIN, 200),
  ]);
  close(f('from_out_mean_24h'), 200);
  assert.equal(f('from_out_max_24h'), 300);
  close(f('from_out_std_24h'), Math.sqrt((100 * 100 + 0 + 100 * 100) / 3));
  assert.equal(f('from_in_mean_24h'), 50);
  assert.equal(f('from_in_max_24h'), 50);
  assert.equal(f('from_in_std_24h'), 0);
  // The receiver B: one inflow (this one), no outflow.
  assert.equal(f('to_in_mean_24h'), 200);
  assert.equal(f('to_in_max_24h'), 200);
  assert.equal(f('to_in_std_24h'), 0);
  assert.equal(f('to_out_mean_24h'), 0);
  assert.equal(f('to_out_max_24h'), 0);
});

test('the window maximum falls back to the next largest when the largest expires', () => {
  const { all } = run(
    [
      tx('A', 'X', T0, 500),
      tx('A', 'X', T0 + HOUR, 100),
      tx('A', 'X', T0 + 2 * HOUR, 300),
      tx('A', 'X', T0 + 3 * HOUR, 200),
      tx('A', 'X', T0 + 3 * HOUR + 30 * MIN, 50), // 500 (T0) left the 3h window
      tx('A', 'X', T0 + 5 * HOUR + 1, 10), // 300 left too
      tx('A', 'X', T0 + 9 * HOUR, 20), // all but this one left
    ],
    { patternWindowMs: 3 * HOUR },
  );
  assert.deepEqual(all.map((f) => f('from_out_max_3h')), [500, 500, 500, 300, 300, 200, 20]);
  assert.deepEqual(all.map((f) => f('to_in_max_3h')), [500, 500, 500, 300, 300, 200, 20]);
  assert.deepEqual(all.map((f) => f('from_out_mean_3h')), [500, 300, 300, 200, 650 / 4, 260 / 3, 20]);
});

test('equal amounts keep the maximum; the std of equal amounts is exactly 0', () => {
  const { all } = run([tx('A', 'X', T0, 70), tx('A', 'X', T0 + MIN, 70), tx('A', 'X', T0 + 2 * MIN, 70)], { patternWindowMs: 90_000 });
  assert.deepEqual(all.map((f) => f('from_out_max_90s')), [70, 70, 70]);
  assert.deepEqual(all.map((f) => f('from_out_std_90s')), [0, 0, 0]);
  assert.deepEqual(all.map((f) => f('from_out_mean_90s')), [70, 70, 70]);
});

test('pass-through: min(in, out) / max(in, out) of the pass-through window, for both sides', () => {
  const { all } = run([
    tx('S', 'M', T0, 1000), // M receives 1000
    tx('M', 'N', T0 + HOUR, 900), // M passes 900 on: 900/1000
    tx('N', 'P', T0 + 2 * HOUR, 300), // N received 900, passes 300 on
    tx('Q', 'N', T0 + 3 * HOUR, 100), // N: in 1000, out 300
    tx('M', 'R', T0 + 30 * HOUR, 50), // M's inflow left the 24h window: nothing came in
  ]);
  assert.equal(all[0]('to_passthrough'), 0);
  assert.equal(all[0]('from_passthrough'), 0);
  assert.equal(all[1]('from_passthrough'), 0.9);
  assert.equal(all[1]('to_passthrough'), 0);
  assert.equal(all[2]('from_passthrough'), 300 / 900);
  assert.equal(all[3]('to_passthrough'), 300 / 1000);
  assert.equal(all[4]('from_passthrough'), 0);
});
