import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR, MIN, run, T0, tx } from './helpers.js';

test('scatter-gather: two-hop paths sender → x → receiver, one per pair of transfers, in time order', () => {
  const { f } = run([
    tx('S', 'X1', T0, 100),
    tx('S', 'X1', T0 + 5 * MIN, 100), // a second transfer to X1: two paths through it
    tx('S', 'X2', T0 + 10 * MIN, 100),
    tx('X1', 'R', T0 + 20 * MIN, 190),
    tx('X2', 'R', T0 + 30 * MIN, 95),
    tx('X3', 'R', T0 + 40 * MIN, 50), // X3 paid R before S paid X3: not a path
    tx('S', 'X3', T0 + 50 * MIN, 60),
    tx('S', 'R', T0 + HOUR, 10),
  ]);
  assert.equal(f('sg_paths'), 3);
  assert.equal(f('sg_intermediates'), 2);
  assert.equal(f('search_truncated'), 0);
});

test('scatter-gather: a transfer at the same time as the one before it is in order; the window bounds both hops', () => {
  const { f } = run([
    tx('S', 'X1', T0, 100), // outside the 24h window of the last transfer
    tx('S', 'X2', T0 + 2 * HOUR, 100),
    tx('X2', 'R', T0 + 2 * HOUR, 100), // same time as S → X2
    tx('X1', 'R', T0 + 3 * HOUR, 100),
    tx('S', 'R', T0 + 25 * HOUR, 10),
  ]);
  assert.equal(f('sg_paths'), 1);
  assert.equal(f('sg_intermediates'), 1);
});

test('scatter-gather seen from the closing transfer: how many intermediates one source routed to the receiver', () => {
  const { all } = run([
    tx('SRC', 'M1', T0, 10_000),
    tx('SRC', 'M2', T0 + MIN, 10_000),
    tx('SRC', 'M3', T0 + 2 * MIN, 10_000),
    tx('M1', 'SINK', T0 + HOUR, 9_900),
    tx('M2', 'SINK', T0 + 2 * HOUR, 9_900),
    tx('M3', 'SINK', T0 + 3 * HOUR, 9_900),
    tx('M4', 'SINK', T0 + 4 * HOUR, 9_900), // no common source
  ]);
  assert.deepEqual(all.slice(3).map((f) => f('sg_source_intermediates')), [1, 2, 3, 0]);
  // No direct SRC → SINK transfer, so no two-hop paths from the sender.
  assert.equal(all[5]('sg_paths'), 0);
});

test('a super-node intermediate or endpoint is skipped and counted in search_truncated', () => {
  const hub = Array.from({ length: 4 }, (_, i) => tx(`P${i}`, 'HUB', T0 + i * MIN, 5));
  const { f } = run(
    [...hub, tx('S', 'HUB', T0 + 10 * MIN, 100), tx('HUB', 'R', T0 + 20 * MIN, 100), tx('S', 'R', T0 + 30 * MIN, 1)],
    { patternMaxDegree: 3 },
  );
  assert.equal(f('sg_paths'), 0, 'the path through the hub does not count');
  assert.ok(f('search_truncated') >= 1);
  const big = run([...hub, tx('S', 'HUB', T0 + 10 * MIN, 100), tx('HUB', 'R', T0 + 20 * MIN, 100), tx('S', 'R', T0 + 30 * MIN, 1)]);
  assert.equal(big.f('sg_paths'), 1, 'below the cap it is an ordinary intermediate');
  assert.equal(big.f('search_truncated'), 0);
});
