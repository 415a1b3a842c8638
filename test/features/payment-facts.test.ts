import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateTransaction, type Transaction } from '../../src/domain/transaction.js';
import { storableErrors } from '../../src/domain/transaction-check.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { greatCircleKm } from '../../src/features/families/payment-facts.js';
import { maskPersonalData } from '../../src/api/pii.js';

const SHANGHAI = '31.2304,121.4737';
const BEIJING = '39.9042,116.4074';
const NEW_YORK = '40.7128,-74.0060';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 4, 1, 1);

test('great-circle distance: hand-checked city pairs', () => {
  assert.equal(greatCircleKm(31.2304, 121.4737, 31.2304, 121.4737), 0);
  // Shanghai–Beijing about 1,067 km; Beijing–New York about 10,990 km; a quarter meridian 10,008 km.
  assert.ok(Math.abs(greatCircleKm(31.2304, 121.4737, 39.9042, 116.4074) - 1067) < 5);
  assert.ok(Math.abs(greatCircleKm(39.9042, 116.4074, 40.7128, -74.006) - 10_990) < 30);
  assert.ok(Math.abs(greatCircleKm(0, 0, 90, 0) - 10_007.5) < 1);
});

test('payment facts validate with named fields and normalise', () => {
  const ok = validateTransaction({ id: 'P1', time: T0, from: 'A', to: 'B', amount: '10.00', purpose: 'gdds', payer_age: '71', geo: ' 31.2304, 121.4737 ' });
  assert.ok(ok.ok);
  assert.equal(ok.tx.purpose, 'GDDS');
  assert.equal(ok.tx.payer_age, 71);
  assert.equal(ok.tx.geo, SHANGHAI);
  const bad = validateTransaction({ id: 'P2', time: T0, from: 'A', to: 'B', amount: '1', purpose: 'no spaces!', payer_age: 151, geo: '91,10' });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['geo', 'payer_age', 'purpose']);
  const bad2 = validateTransaction({ id: 'P3', time: T0, from: 'A', to: 'B', amount: '1', payer_age: 30.5, geo: 'Shanghai' });
  assert.ok(!bad2.ok);
  assert.deepEqual(bad2.errors.map((e) => e.field).sort(), ['geo', 'payer_age']);
  // The store's own check refuses what the validator would.
  const raw = { id: 'P4', time: T0, from: 'A', to: 'B', amount: 1, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' } as Transaction;
  assert.deepEqual(storableErrors({ ...raw, purpose: 'gdds', payer_age: -1, geo: '1,200' }).map((e) => e.field), ['purpose', 'payer_age', 'geo']);
  assert.deepEqual(storableErrors({ ...raw, purpose: 'GDDS', payer_age: 0, geo: SHANGHAI }), []);
});

test('geolocation is masked to whole degrees for roles that may not unmask', () => {
  const { value, masked } = maskPersonalData({ transaction: { geo: SHANGHAI, payer_age: 71, purpose: 'GDDS' } });
  assert.deepEqual(value, { transaction: { geo: '31,121', payer_age: 71, purpose: 'GDDS' } });
  assert.deepEqual([...masked], ['geo']);
});

function tx(id: string, at: number, extra: Partial<Transaction> = {}): Transaction {
  return { id, time: at, from: 'PAYER', to: `P-${id}`, amount: 10_000, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra };
}

test('features: payer age, the jump from the last place and its speed; impossible travel fires, a flight does not', () => {
  const config = defaultEngineConfig();
  config.ringRefreshMs = 0;
  const scorer = buildScorer(config);
  const names = scorer.features.names;
  const at = (name: string): number => names.indexOf(name);
  const out = scorer.features.newVector();
  const apply = (t: Transaction) => {
    scorer.features.apply(t, out);
    return { age: out[at('payer_age')], km: out[at('geo_jump_km')], kmh: out[at('geo_kmh')] };
  };
  assert.deepEqual(apply(tx('a', T0)), { age: -1, km: -1, kmh: -1 }, 'no facts: unknown');
  assert.deepEqual(apply(tx('b', T0 + HOUR, { payer_age: 45, geo: SHANGHAI })), { age: 45, km: -1, kmh: -1 }, 'first place: no jump yet');
  const flight = apply(tx('c', T0 + 3 * HOUR, { geo: BEIJING }));
  assert.ok(Math.abs(flight.km - 1067) < 5);
  assert.ok(Math.abs(flight.kmh - 1067 / 2) < 3, `two hours for 1,067 km: ${flight.kmh}`);
  const same = apply(tx('d', T0 + 3 * HOUR, { geo: BEIJING }));
  assert.deepEqual([same.km, same.kmh], [0, 0]);

  const fresh = buildScorer(config);
  const rules = (t: Transaction) => fresh.score(t).reasons.map((r) => r.rule).filter((r) => r.startsWith('facts.'));
  assert.deepEqual(rules(tx('e', T0, { geo: SHANGHAI })), []);
  assert.deepEqual(rules(tx('f', T0 + 2 * HOUR, { geo: BEIJING })), [], 'a two-hour flight is possible');
  assert.deepEqual(rules(tx('g', T0 + 3 * HOUR, { geo: NEW_YORK })), ['facts.impossible_travel'], 'Beijing to New York in an hour is not');
  assert.deepEqual(rules(tx('h', T0 + 20 * HOUR, { geo: BEIJING })), [], '19 hours later it is possible again');
});

test('the elderly-payer rule reads age, a first payment and the amount population', () => {
  const config = defaultEngineConfig();
  config.ringRefreshMs = 0;
  const scorer = buildScorer(config);
  for (let i = 0; i < 200; i++) scorer.score({ ...tx(`bg${i}`, T0 + i * 60_000), from: `U${i % 20}`, to: `U${(i + 1) % 20}`, amount: 10_000 + (i % 50) * 1_000 });
  const rules = (t: Transaction) => scorer.score(t).reasons.map((r) => r.rule).filter((r) => r.startsWith('facts.'));
  assert.deepEqual(rules({ ...tx('old', T0 + 300 * 60_000, { payer_age: 78 }), amount: 5_000_000 }), ['facts.elderly_first_large']);
  assert.deepEqual(rules({ ...tx('young', T0 + 301 * 60_000, { payer_age: 40 }), from: 'Y', amount: 5_000_000 }), []);
  assert.deepEqual(rules({ ...tx('small', T0 + 302 * 60_000, { payer_age: 78 }), from: 'O2', amount: 12_000 }), []);
});
