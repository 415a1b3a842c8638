import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);
let n = 0;
const tx = (from: string, to: string, at: number, device?: string): Transaction => ({
  id: `t${++n}`, time: at, from, to, amount: 500_00, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural',
  ...(device ? { device } : {}),
});

const history = [
  tx('R1', 'R2', T0, 'DEV'), tx('R2', 'R3', T0 + 1000, 'DEV'), tx('R3', 'R1', T0 + 2000, 'DEV'),
  tx('X', 'Y', T0 + 3000, 'DEV-X'),
];

test('ring features appear after the next refresh point in event time, and only for ring members', () => {
  const scorer = buildScorer(defaultEngineConfig());
  for (const t of history) scorer.score(t);
  scorer.score(tx('R1', 'R3', T0 + 3600_000));
  assert.equal(scorer.lastFeatures().from_ring_size, 0, 'no refresh within the first day');
  scorer.score(tx('R1', 'R2', T0 + DAY + 5));
  const f = scorer.lastFeatures();
  assert.equal(f.from_ring_size, 3);
  assert.equal(f.to_ring_size, 3);
  assert.equal(f.same_ring, 1);
  assert.ok(f.from_ring_risk > 0 && f.from_ring_risk <= 1);
  scorer.score(tx('X', 'R1', T0 + DAY + 10));
  const g = scorer.lastFeatures();
  assert.equal(g.from_ring_size, 0, 'X shares its device with nobody');
  assert.equal(g.same_ring, 0);
  assert.equal(g.to_ring_size, 3);
});

test('replaying the same transactions gives the same ring features; ring_refresh 0 turns them off', () => {
  const a = buildScorer(defaultEngineConfig());
  const b = buildScorer(defaultEngineConfig());
  const stream = [...history, tx('R2', 'R1', T0 + 2 * DAY), tx('R3', 'X', T0 + 3 * DAY)];
  for (const t of stream) a.score(t);
  for (const t of stream.slice(0, -1)) b.apply(t);
  b.score(stream[stream.length - 1]);
  assert.deepEqual(a.lastFeatures(), b.lastFeatures());
  const off = { ...defaultEngineConfig(), ringRefreshMs: 0 };
  const c = buildScorer(off);
  for (const t of stream) c.score(t);
  assert.equal(c.lastFeatures().from_ring_size, 0);
});
