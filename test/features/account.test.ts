import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, run, T0, tx } from './helpers.js';

test('first-seen age, new flag and dormancy', () => {
  const { all } = run([tx('A', 'B', T0, 1), tx('C', 'A', T0 + 2 * HOUR, 1), tx('A', 'D', T0 + 100 * DAY, 1)]);
  assert.equal(all[0]('from_new'), 1);
  assert.equal(all[0]('from_age_s'), 0);
  assert.equal(all[0]('from_dormant_s'), 0);
  assert.equal(all[1]('to_new'), 0);
  assert.equal(all[1]('to_age_s'), 7200);
  assert.equal(all[1]('to_dormant_s'), 7200);
  assert.equal(all[2]('from_dormant_s'), 100 * 86400 - 7200);
  assert.equal(all[2]('from_age_s'), 100 * 86400);
  assert.equal(all[2]('to_new'), 1);
});

test('PBOC day totals: cash on the customer side, transfers on both, reset at Beijing midnight', () => {
  // T0 is 10:00 Beijing time; 14 hours later is 00:00 the next Beijing day.
  const { all } = run([
    tx('CASH-01', 'A', T0, 30_000, { channel: 'cash_in' }),
    tx('A', 'CASH-01', T0 + HOUR, 25_000, { channel: 'cash_out' }),
    tx('A', 'B', T0 + 2 * HOUR, 100_000),
    tx('A', 'F', T0 + 3 * HOUR, 80_000, { country: 'US' }),
    tx('A', 'B', T0 + 14 * HOUR, 1_000),
  ]);
  assert.equal(all[0]('to_day_cash'), 30_000);
  assert.equal(all[0]('from_day_cash'), 0);
  assert.equal(all[1]('from_day_cash'), 55_000);
  assert.equal(all[1]('to_day_cash'), 0);
  assert.equal(all[2]('from_day_domestic'), 100_000);
  assert.equal(all[2]('to_day_domestic'), 100_000);
  assert.equal(all[3]('is_cross_border'), 1);
  assert.equal(all[3]('from_day_cross_border'), 80_000);
  assert.equal(all[3]('from_day_domestic'), 100_000);
  assert.equal(all[4]('from_day_domestic'), 1_000);
  assert.equal(all[4]('from_day_cash'), 0);
});

test('thresholds by category and nearness just below them', () => {
  const { all } = run([
    tx('C1', 'A', T0, 45_000, { channel: 'cash_in' }),
    tx('C1', 'A', T0 + 1, 50_000, { channel: 'cash_in' }),
    tx('L', 'B', T0 + 2, 1_900_000, { from_type: 'legal' }),
    tx('N', 'B', T0 + 3, 190_000, { channel: 'cross_border', country: 'HK' }),
    tx('N', 'B', T0 + 4, 450_000),
  ]);
  assert.equal(all[0]('threshold'), 50_000);
  assert.equal(all[0]('threshold_ratio'), 0.9);
  assert.equal(all[0]('near_threshold'), 1);
  assert.equal(all[1]('near_threshold'), 0);
  assert.equal(all[2]('threshold'), 2_000_000);
  assert.equal(all[2]('near_threshold'), 1);
  assert.equal(all[2]('from_legal'), 1);
  assert.equal(all[3]('threshold'), 200_000);
  assert.equal(all[3]('near_threshold'), 1);
  assert.equal(all[4]('threshold'), 500_000);
  assert.equal(all[4]('from_near_count_24h'), 2);
  assert.equal(all[4]('hour_of_day'), 10);
});

test('near-threshold receipts: counted on the payee, apart from the payer\'s payments, and expiring', () => {
  const { all } = run([
    tx('C1', 'A', T0, 46_000, { channel: 'cash_in' }),
    tx('C2', 'A', T0 + HOUR, 49_000, { channel: 'cash_in' }),
    tx('C1', 'A', T0 + 2 * HOUR, 20_000, { channel: 'cash_in' }),
    tx('A', 'B', T0 + 3 * HOUR, 95_000),
    tx('C1', 'A', T0 + 2 * DAY, 47_000, { channel: 'cash_in' }),
  ]);
  assert.equal(all[1]('to_in_near_count_24h'), 2, 'this deposit and the one before');
  assert.equal(all[1]('from_near_count_24h'), 1, "the desk's own near-threshold payments");
  assert.equal(all[2]('to_in_near_count_24h'), 2, 'a small deposit is not near a threshold');
  assert.equal(all[3]('from_in_near_count_24h'), 2, 'the depositor paying on');
  assert.equal(all[3]('from_near_count_24h'), 0, 'its own payment is far from its threshold');
  assert.equal(all[3]('to_in_near_count_24h'), 0);
  assert.equal(all[4]('to_in_near_count_24h'), 1, 'the first two expired from the day window');
  assert.equal(all[4]('to_in_near_count_7d'), 3);
});

test('foreign currency converts at the configured rate; exponent respected', () => {
  const { all } = run([tx('A', 'B', T0, 100, { currency: 'USD' }), { ...tx('A', 'B', T0, 0), currency: 'JPY', amount: 1000 }], {
    rates: { CNY: 1, USD: 7, JPY: 0.05 },
  });
  assert.equal(all[0]('amount'), 700);
  assert.equal(all[1]('amount'), 50);
});

test('shared identifiers count distinct accounts', () => {
  const { all } = run([
    tx('A', 'X', T0, 1, { device: 'dev1', ip: '1.2.3.4' }),
    tx('B', 'X', T0 + 1, 1, { device: 'dev1' }),
    tx('A', 'Y', T0 + 2, 1, { device: 'dev1', phone: '13800000000' }),
    tx('C', 'Y', T0 + 3, 1, { device: 'dev1', ip: '1.2.3.4' }),
  ]);
  assert.deepEqual(all.map((f) => f('device_accounts')), [1, 2, 2, 3]);
  assert.equal(all[2]('phone_accounts'), 1);
  assert.equal(all[3]('ip_accounts'), 2);
  assert.equal(all[1]('ip_accounts'), 0);
});
