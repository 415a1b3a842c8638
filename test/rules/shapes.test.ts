import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';

const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 1, 2);

/** The same shape in two currencies and two amount scales: CNY as given, and USD × 1000. */
const SCALES: Array<[currency: string, factor: number]> = [['CNY', 1], ['USD', 1000]];

let seq = 0;
function make(currency: string, factor: number): (from: string, to: string, at: number, amount: number) => Transaction {
  return (from, to, at, amount) => ({
    id: `s${++seq}`, time: at, from, to, amount: Math.round(amount * factor * 100), currency,
    channel: 'transfer', from_type: 'natural', to_type: 'natural',
  });
}

/** Rule ids that fired on the last transaction. */
function lastFired(txs: Transaction[]): string[] {
  const config = defaultEngineConfig();
  config.ringRefreshMs = 0;
  const scorer = buildScorer(config);
  let fired: string[] = [];
  for (const t of txs) fired = scorer.score(t).reasons.map((r) => r.rule);
  return fired;
}

/** 40 days of one ordinary payment a day between regular partners, so rates and pairs have history. */
function history(t: ReturnType<typeof make>, account: string, dir: 'out' | 'in'): Transaction[] {
  return Array.from({ length: 40 }, (_, d) => (dir === 'out' ? t(account, `REG${d % 3}`, T0 - (40 - d) * DAY, 120) : t(`REG${d % 3}`, account, T0 - (40 - d) * DAY, 120)));
}

for (const [currency, factor] of SCALES) {
  const t = make(currency, factor);
  test(`fan-out to new accounts in a burst fires (${currency} ×${factor})`, () => {
    const txs = [...history(t, 'A', 'out'), ...['N1', 'N2', 'N3', 'N4', 'N5'].map((n, i) => t('A', n, T0 + i * MIN, 300 + i))];
    const fired = lastFired(txs);
    assert.ok(fired.includes('shape.fan_out_new') && fired.includes('shape.fan_out_burst'), fired.join());
    assert.deepEqual(lastFired(history(t, 'A', 'out')).filter((r) => r.startsWith('shape.')), [], 'the regular history alone is quiet');
  });

  test(`fan-in from new accounts in a burst fires (${currency} ×${factor})`, () => {
    const txs = [...history(t, 'H', 'in'), ...['P1', 'P2', 'P3', 'P4', 'P5'].map((n, i) => t(n, 'H', T0 + i * MIN, 200 + i))];
    const fired = lastFired(txs);
    assert.ok(fired.includes('shape.fan_in_new') && fired.includes('shape.fan_in_burst'), fired.join());
  });

  test(`a new account gathering from 5 new payers over days fires, after a month of history only (${currency} ×${factor})`, () => {
    // Two, two and one payers on three days: no day is a burst, the week is.
    const gather = (hub: string, start: number): Transaction[] =>
      ['Y1', 'Y2', 'Y3', 'Y4', 'Y5'].map((n, i) => t(`${n}${hub}`, hub, start + Math.floor(i / 2) * DAY + i * MIN, 300 + i));
    const watched = history(t, 'A', 'out');
    const txs = [...watched, ...gather('NEW', T0)];
    assert.ok(lastFired(txs).includes('shape.fan_in_young'), lastFired(txs).join());
    assert.ok(!lastFired(txs.slice(0, -1)).includes('shape.fan_in_young'), 'four payers are not enough');
    assert.ok(!lastFired(gather('NEW', T0)).includes('shape.fan_in_young'), 'not in the engine\'s first month: every account is new then');
    // The payee was first seen 10 days before: not a new account.
    const known = [...watched, t('OLD0', 'KNOWN', T0 - 10 * DAY, 100), ...gather('KNOWN', T0)];
    assert.ok(!lastFired(known).includes('shape.fan_in_young'), lastFired(known).join());
  });

  test(`scatter-gather over days fires on the gathering transfer (${currency} ×${factor})`, () => {
    const mids = ['S1', 'S2', 'S3', 'S4'];
    const txs = [...mids.map((m, i) => t('SRC', m, T0 + i * MIN, 500)), ...mids.map((m, i) => t(m, 'DST', T0 + 6 * DAY + i * MIN, 480))];
    assert.ok(lastFired(txs).includes('shape.scatter_gather'));
  });

  test(`gather-scatter through a hub fires (${currency} ×${factor})`, () => {
    const txs = [
      ...['G1', 'G2', 'G3'].map((g, i) => t(g, 'HUB', T0 + i * DAY, 400)),
      ...['O1', 'O2', 'O3'].map((o, i) => t('HUB', o, T0 + 3 * DAY + i * MIN, 390)),
    ];
    assert.ok(lastFired(txs).includes('shape.gather_scatter'));
  });

  test(`a mule passing on what it just received fires, a partial payment does not (${currency} ×${factor})`, () => {
    assert.ok(lastFired([t('VICTIM', 'MULE', T0, 98_765.43), t('MULE', 'SHOP', T0 + 10 * MIN, 98_765.43)]).includes('shape.mule_pass_through'));
    assert.ok(!lastFired([t('VICTIM', 'MULE', T0, 98_765.43), t('MULE', 'SHOP', T0 + 10 * MIN, 50_000)]).includes('shape.mule_pass_through'));
    // An account that has paid before is an established customer passing money on, not a mule's first move.
    const established = [t('MULE', 'GROCER', T0 - DAY, 120), t('VICTIM', 'MULE', T0, 98_765.43), t('MULE', 'SHOP', T0 + 10 * MIN, 98_765.43)];
    assert.ok(!lastFired(established).includes('shape.mule_pass_through'), lastFired(established).join());
  });

  test(`a round trip closed by a new link is a reason (${currency} ×${factor})`, () => {
    const txs = [t('C1', 'C2', T0, 900), t('C2', 'C3', T0 + DAY, 880), t('C3', 'C4', T0 + 5 * DAY, 860), t('C4', 'C1', T0 + 9 * DAY, 840), t('C1', 'C2', T0 + 40 * DAY, 100)];
    assert.ok(lastFired(txs.slice(0, 4)).includes('shape.cycle_new_link'));
  });
}
