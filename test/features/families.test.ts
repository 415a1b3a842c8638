import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';
import { FeatureExtractor } from '../../src/features/extractor.js';
import { familyFeatureNames } from '../../src/features/families/index.js';
import { DAY, HOUR, MIN, prng, run, T0, tx } from './helpers.js';

test('pair history: first pair, repeat with count, sum, gap and reverse direction', () => {
  const { all } = run([tx('A', 'B', T0, 100), tx('B', 'A', T0 + HOUR, 50), tx('A', 'B', T0 + 3 * HOUR, 300)]);
  assert.equal(all[0]('pair_first'), 1);
  assert.equal(all[0]('pair_count'), 0);
  assert.equal(all[0]('pair_last_s'), -1);
  assert.equal(all[0]('pair_amount_ratio'), 0);
  assert.equal(all[1]('pair_first'), 1, 'B → A is a pair of its own');
  assert.equal(all[1]('pair_reverse_count'), 1);
  assert.equal(all[2]('pair_first'), 0);
  assert.equal(all[2]('pair_count'), 1);
  assert.equal(all[2]('pair_sum'), 100);
  assert.equal(all[2]('pair_last_s'), 3 * 3600);
  assert.equal(all[2]('pair_reverse_count'), 1);
  assert.equal(all[2]('pair_amount_ratio'), 3);
});

test('new payee payer age: the payer\'s known time when the payee is brand new, -1 otherwise', () => {
  const { all } = run([
    tx('A', 'B', T0, 100), // both new: A is known for 0 s
    tx('C', 'A', T0 + HOUR, 10), // A is not new
    tx('A', 'M', T0 + 3 * DAY, 500), // M is new; A first seen 3 days ago
    tx('A', 'M', T0 + 3 * DAY, 500), // same time, M already seen
    tx('N', 'N', T0 + 4 * DAY, 5), // a self-transfer of a new account is not a payment into a new account
  ]);
  assert.equal(all[0]('new_payee_payer_age_s'), 0);
  assert.equal(all[1]('new_payee_payer_age_s'), -1);
  assert.equal(all[2]('new_payee_payer_age_s'), 3 * 86_400);
  assert.equal(all[3]('new_payee_payer_age_s'), -1, 'the payee was seen by the transfer before, at the same time');
  assert.equal(all[4]('new_payee_payer_age_s'), -1);
});

test('new payees per window: equal times count, expiry drops them, repeats are not new', () => {
  const txs = [tx('A', 'B', T0, 10), tx('A', 'C', T0, 10), tx('A', 'B', T0, 10), tx('A', 'D', T0 + 2 * DAY, 10)];
  const { all } = run(txs);
  assert.equal(all[0]('from_new_payees_24h'), 1);
  assert.equal(all[1]('from_new_payees_24h'), 2, 'same timestamp is inside the window');
  assert.equal(all[2]('from_new_payees_24h'), 2, 'a repeat to B adds nothing');
  assert.equal(all[3]('from_new_payees_24h'), 1, 'two days later only D is in the 1-day window');
  assert.equal(all[3]('from_new_payees_7d'), 3);
  const fanIn = run([tx('X', 'H', T0, 10), tx('Y', 'H', T0 + MIN, 10), tx('Z', 'H', T0 + 2 * MIN, 10)]);
  assert.equal(fanIn.f('to_new_payers_24h'), 3);
});

test('new-counterparty counts are exact even for a super-node (kept by the window aggregates, no walk)', () => {
  const txs = Array.from({ length: 6 }, (_, i) => tx('HUB', `P${i}`, T0 + i * MIN, 10));
  const { f } = run(txs, { patternMaxDegree: 3 });
  assert.equal(f('from_new_payees_24h'), 6);
  assert.equal(f('from_new_payees_30d'), 6);
});

test('burst: transfers today over the usual daily rate, over the days the account was watched', () => {
  const txs: Transaction[] = [];
  // One payment a day for 40 days (the last 30 in the 30-day window), then five new payees within the hour.
  for (let d = 0; d < 40; d++) txs.push(tx('A', `Q${d % 3}`, T0 - (39 - d) * DAY, 10));
  for (let k = 0; k < 5; k++) txs.push(tx('A', `N${k}`, T0 + HOUR + k * MIN, 10));
  const { f } = run(txs);
  // Window (t − 30d, t]: 30 daily payments + 5 = 35 transfers over 30 days; the last day holds 1 + 5.
  assert.equal(f('from_out_burst'), 6 / (35 / 30));
  // A newcomer watched for two days: its usual rate is two days' worth, not a thirtieth.
  const young = run([tx('B', 'X', T0, 10), tx('B', 'Y', T0 + DAY, 10), tx('B', 'Z', T0 + 2 * DAY, 10)]);
  assert.equal(young.f('from_out_burst'), 1 / Math.max(1, 3 / 2));
});

test('amount profile is scale-free: the same shape in two currencies and scales gives the same values', () => {
  const make = (scale: number, currency: string): Transaction[] => {
    const out: Transaction[] = [];
    for (let i = 0; i < 20; i++) out.push(tx('A', `B${i % 4}`, T0 + i * HOUR, (100 + (i % 5) * 10) * scale, { currency }));
    out.push(tx('A', 'Z', T0 + 21 * HOUR, 5000 * scale, { currency }));
    return out;
  };
  const cny = run(make(1, 'CNY'), { rates: { CNY: 1, USD: 7 } });
  const usd = run(make(1000, 'USD'), { rates: { CNY: 1, USD: 7 } });
  for (const name of ['from_out_amount_z', 'from_out_amount_pct', 'amount_pop_pct', 'from_out_amount_std']) {
    assert.ok(Math.abs(cny.f(name) - usd.f(name)) < 0.35 || name === 'from_out_amount_std', `${name}: ${cny.f(name)} vs ${usd.f(name)}`);
  }
  assert.equal(cny.f('from_out_amount_pct'), 1, 'above every earlier amount');
  assert.equal(usd.f('from_out_amount_pct'), 1);
  assert.ok(cny.f('from_out_amount_z') > 3, 'far above its own history');
  assert.ok(usd.f('from_out_amount_z') > 3);
});

test('pass-through: this amount over the last incoming one, and same amounts in the window', () => {
  const { f, all } = run([tx('V', 'M', T0, 1000), tx('M', 'X', T0 + MIN, 995), tx('M', 'Y', T0 + 2 * DAY, 2000)]);
  assert.equal(all[1]('from_last_in_ratio'), 0.995);
  assert.equal(all[1]('from_last_in_age_s'), 60);
  assert.equal(all[1]('from_same_in_24h'), 1);
  assert.equal(f('from_same_in_7d'), 0, '2000 is not within 10 % of 1000');
  assert.equal(all[0]('from_last_in_ratio'), -1, 'V never received');
});

test('the families lay out exactly the names the catalog lists', () => {
  const ex = new FeatureExtractor(DEFAULT_FEATURE_CONFIG);
  const names = familyFeatureNames(DEFAULT_FEATURE_CONFIG);
  assert.deepEqual(ex.names.slice(ex.layout.families, ex.layout.screen), names);
  assert.deepEqual(ex.names.slice(ex.layout.screen), ['from_screen_score', 'to_screen_score'], 'counterparty screening comes last');
  assert.equal(new Set(ex.names).size, ex.names.length, 'no name twice');
});

function inWindow(e: Transaction, t: number, w: number): boolean {
  return e.time > t - w && e.time <= t;
}

for (const seed of [11, 12, 13, 14]) {
  test(`families match brute force on a random stream (seed ${seed})`, () => {
    const rnd = prng(seed);
    const n = 150;
    const times = Array.from({ length: n }, () => T0 + Math.floor(rnd() * 40) * 6 * HOUR).sort((a, b) => a - b);
    const txs = times.map((t) => tx(`N${Math.floor(rnd() * 7)}`, `N${Math.floor(rnd() * 7)}`, t, 1 + Math.floor(rnd() * 20) * 50));
    const config = { ...DEFAULT_FEATURE_CONFIG, patternMaxDegree: 1e6, patternMaxVisits: 1e6, cycleMaxVisits: 1e6 };
    const ex = new FeatureExtractor(config);
    const v = ex.newVector();
    const at = (name: string): number => v[ex.names.indexOf(name)];
    txs.forEach((cur, i) => {
      ex.apply(cur, v);
      const { from: s, to: r, time: t } = cur;
      const past = txs.slice(0, i);
      const pair = past.filter((e) => e.from === s && e.to === r);
      const where = `transfer ${i} ${s}→${r}`;
      assert.equal(at('pair_count'), pair.length, `pair_count ${where}`);
      assert.equal(at('pair_first'), pair.length === 0 ? 1 : 0, where);
      assert.equal(at('pair_reverse_count'), s === r ? 0 : past.filter((e) => e.from === r && e.to === s).length, `reverse ${where}`);
      const upto = txs.slice(0, i + 1);
      const isFirst = (k: number): boolean => !txs.slice(0, k).some((e) => e.from === txs[k].from && e.to === txs[k].to) && txs[k].from !== txs[k].to;
      for (const [w, label] of [[DAY, '24h'], [7 * DAY, '7d'], [30 * DAY, '30d']] as const) {
        const newOut = upto.filter((e, k) => e.from === s && inWindow(e, t, w) && isFirst(k)).length;
        const newIn = upto.filter((e, k) => e.to === r && inWindow(e, t, w) && isFirst(k)).length;
        assert.equal(at(`from_new_payees_${label}`), newOut, `from_new_payees_${label} ${where}`);
        assert.equal(at(`to_new_payers_${label}`), newIn, `to_new_payers_${label} ${where}`);
        const payerNewIn = upto.filter((e, k) => e.to === s && inWindow(e, t, w) && isFirst(k)).length;
        const payeeNewOut = upto.filter((e, k) => e.from === r && inWindow(e, t, w) && isFirst(k)).length;
        assert.equal(at(`from_new_payers_${label}`), payerNewIn, `from_new_payers_${label} ${where}`);
        assert.equal(at(`to_new_payees_${label}`), payeeNewOut, `to_new_payees_${label} ${where}`);
        if (w < 30 * DAY) {
          const same = past.filter((e) => e.to === s && inWindow(e, t, w) && e.amount >= cur.amount * 0.9 && e.amount <= cur.amount * 1.1).length;
          assert.equal(at(`from_same_in_${label}`), same, `from_same_in_${label} ${where}`);
        }
      }
      for (const [w, label] of [[7 * DAY, '7d'], [30 * DAY, '30d']] as const) {
        const inW = upto.filter((e) => inWindow(e, t, w));
        const payers = new Set(inW.filter((e) => e.to === s).map((e) => e.from));
        const payees = new Set(inW.filter((e) => e.from === s).map((e) => e.to));
        assert.equal(at(`gs_hub_${label}`), Math.min(payers.size, payees.size), `gs_hub_${label} ${where}`);
        if (s !== r) {
          let paths = 0;
          for (const a of past) {
            if (!inWindow(a, t, w) || a.from !== s || a.to === s || a.to === r) continue;
            for (const b of past) if (inWindow(b, t, w) && b.from === a.to && b.to === r && a.time <= b.time) paths++;
          }
          assert.equal(at(`sg_paths_${label}`), paths, `sg_paths_${label} ${where}`);
        }
      }
      const localHour = (x: number): number => Math.floor((((x + config.dayOffsetMs) % DAY) + DAY) % DAY / HOUR);
      const near = (x: number): boolean => [23, 0, 1].includes((localHour(x) - localHour(t) + 24) % 24);
      for (const [side, a] of [['from', s], ['to', r]] as const) {
        const touched = past.filter((e) => e.from === a || e.to === a);
        const share = touched.length === 0 ? -1 : touched.filter((e) => near(e.time)).length / touched.length;
        assert.equal(at(`${side}_hour_share`), share, `${side}_hour_share ${where}`);
      }
      const lastIn = past.filter((e) => e.to === s).at(-1);
      assert.equal(at('from_last_in_ratio'), lastIn ? cur.amount / lastIn.amount : -1, `from_last_in_ratio ${where}`);
      assert.equal(at('search_truncated'), 0, where);
    });
  });
}

test('time of day: the share of the account\'s earlier transfers within an hour of this local hour', () => {
  // T0 is 10:00 Beijing time (the default day offset, UTC+8).
  const txs = [0, 1, 2, 3].map((d) => tx('A', `B${d}`, T0 + d * DAY, 10));
  txs.push(tx('A', 'C', T0 + 4 * DAY + 17 * HOUR, 10)); // 03:00 local
  txs.push(tx('A', 'D', T0 + 6 * DAY + HOUR, 10)); // 11:00, one hour from the usual 10:00
  const { all } = run(txs);
  assert.equal(all[0]('from_hour_share'), -1, 'no history');
  assert.equal(all[3]('from_hour_share'), 1);
  assert.equal(all[4]('from_hour_share'), 0, '3 a.m. for an account that always paid at 10');
  assert.equal(all[5]('from_hour_share'), 4 / 5);
  assert.equal(all[5]('to_hour_share'), -1);
});
