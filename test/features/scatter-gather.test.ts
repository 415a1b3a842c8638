import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateWindows, DEFAULT_FEATURE_CONFIG, windowLabel } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { LONG_WINDOW, PATTERN_WINDOW } from '../../src/features/patterns/context.js';
import { ScatterGather, type ScatterWindow } from '../../src/features/patterns/scatter-gather.js';
import { createRng } from '../../src/ml/prng.js';
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

// One walk serves every window: each window must read exactly what a search of that window
// alone reads, with tight caps and small super-node degrees (where the shortcut falls back).
for (const [seed, visits, degree] of [[21, 8, 6], [22, 20, 10], [23, 40, 1e6], [24, 1e6, 5]] as const) {
  test(`scatter-gather over several windows equals one search per window (seed ${seed}, cap ${visits}, degree ${degree})`, () => {
    const rnd = createRng(seed);
    const config = { ...DEFAULT_FEATURE_CONFIG, patternMaxVisits: visits, patternMaxDegree: degree };
    const ex = new FeatureExtractor(config);
    const windows = aggregateWindows(config);
    const specs: ScatterWindow[] = [
      { k: windows.indexOf(config.patternWindowMs), ms: config.patternWindowMs, superBit: PATTERN_WINDOW },
      ...config.layeringWindowsMs.map((ms) => ({ k: windows.indexOf(ms), ms, superBit: LONG_WINDOW })),
    ];
    const alone = specs.map((w) => new ScatterGather(ex.patterns, [w]));
    const names = ['sg_paths', 'sg_intermediates', 'sg_source_intermediates'];
    const labels = ['', ...config.layeringWindowsMs.map((ms) => `_${windowLabel(ms)}`)];
    const v = ex.newVector();
    let cut = 0;
    let found = 0;
    for (let i = 0; i < 1500; i++) {
      const t = T0 + Math.floor((i / 1500) * 45 * 24) * HOUR;
      ex.apply(tx(`A${Math.floor(12 * rnd() ** 2)}`, `A${Math.floor(12 * rnd())}`, t, 10 + Math.floor(rnd() * 500)), v);
      const g = ex.patterns.graph;
      specs.forEach((_, j) => {
        alone[j].ensureAccounts(g.accountCount);
        alone[j].compute(ex.last.from, ex.last.to, g.edgeCount - 1, t);
        names.forEach((n, m) => {
          const got = v[ex.names.indexOf(n + labels[j])];
          assert.equal(got, alone[j].results[m], `${n + labels[j]} at transfer ${i}`);
          if (got > 0) found++;
        });
        cut += alone[j].cuts[0];
      });
    }
    assert.ok(found > 50, 'the stream has scatter-gathers');
    if (visits < 1e6 || degree < 1e6) assert.ok(cut > 0, 'and searches the caps cut');
  });
}
