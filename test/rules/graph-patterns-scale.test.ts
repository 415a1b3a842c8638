import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from '../../src/domain/transaction.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { createRng } from '../../src/ml/prng.js';

// The graph-pattern pack (rules/graph-patterns.yaml, version 2) through the whole scorer: each
// shape fires the same way in CNY as given and in USD × 1000, because its materiality is the
// transfer's place among all amounts seen, never a fixed sum.

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 2);
const SCALES: Array<[currency: string, factor: number]> = [['CNY', 1], ['USD', 1000]];

let seq = 0;
type Make = (from: string, to: string, at: number, amount: number) => Transaction;
function make(currency: string, factor: number): Make {
  return (from, to, at, amount) => ({
    id: `g${++seq}`, time: at, from, to, amount: Math.round(amount * factor * 100), currency,
    channel: 'transfer', from_type: 'natural', to_type: 'natural',
  });
}

/** Ten days of everyday payments (20–400) among 60 ordinary accounts: the amount population. */
function background(t: Make): Transaction[] {
  const rnd = createRng(11);
  return Array.from({ length: 600 }, (_, i) => {
    const a = Math.floor(rnd() * 60);
    const b = (a + 1 + Math.floor(rnd() * 59)) % 60;
    return t(`U${a}`, `U${b}`, T0 - 10 * DAY + i * 20 * MIN, 20 + Math.floor(rnd() * 380));
  });
}

/** Rule ids of the graph pack fired on each transaction after the background. */
function fired(t: Make, shape: Transaction[]): string[][] {
  const config = defaultEngineConfig();
  config.ringRefreshMs = 0;
  const scorer = buildScorer(config);
  for (const b of background(t)) scorer.score(b);
  return shape.map((s) => scorer.score(s).reasons.map((r) => r.rule).filter((r) => r.startsWith('graph.')));
}

for (const [currency, factor] of SCALES) {
  const t = make(currency, factor);

  test(`fan-out of a received sum to 10 accounts fires (${currency} ×${factor})`, () => {
    const shape = [t('U1', 'FO', T0, 60_000), ...Array.from({ length: 10 }, (_, i) => t('FO', `FO-P${i}`, T0 + (i + 1) * MIN, 5_500))];
    const out = fired(t, shape);
    assert.ok(out.at(-1)!.includes('graph.fan_out'), out.at(-1)!.join());
    assert.ok(!out[5].includes('graph.fan_out'), 'six payees are not yet a fan-out');
  });

  test(`fan-in from 10 accounts fires, small receipts do not (${currency} ×${factor})`, () => {
    const big = fired(t, Array.from({ length: 10 }, (_, i) => t(`FI-S${i}`, 'FI', T0 + i * MIN, 3_000)));
    assert.ok(big.at(-1)!.includes('graph.fan_in'), big.at(-1)!.join());
    const small = fired(t, Array.from({ length: 10 }, (_, i) => t(`FI-S${i}`, 'FI', T0 + i * MIN, 25)));
    assert.ok(!small.at(-1)!.includes('graph.fan_in'), 'ten small receipts are everyday traffic');
  });

  test(`scatter-gather within a day fires on the gathering transfers (${currency} ×${factor})`, () => {
    const mids = ['SG1', 'SG2', 'SG3', 'SG4'];
    const out = fired(t, [...mids.map((m, i) => t('SGSRC', m, T0 + i * MIN, 3_000)), ...mids.map((m, i) => t(m, 'SGDST', T0 + 60 * MIN + i * MIN, 2_950))]);
    assert.ok(out[6].includes('graph.scatter_gather') && out[7].includes('graph.scatter_gather'), out.slice(4).join(' | '));
    assert.deepEqual(out.slice(0, 5), [[], [], [], [], []]);
  });

  test(`gather-scatter through a person fires (${currency} ×${factor})`, () => {
    const ins = Array.from({ length: 5 }, (_, i) => t(`GS-I${i}`, 'GS', T0 + i * MIN, 2_000));
    const outs = Array.from({ length: 5 }, (_, i) => t('GS', `GS-O${i}`, T0 + 30 * MIN + i * MIN, 1_950));
    const out = fired(t, [...ins, ...outs]);
    assert.ok(out.at(-1)!.includes('graph.gather_scatter'), out.at(-1)!.join());
  });

  test(`a person passing on a large sum at once fires pass-through (${currency} ×${factor})`, () => {
    // An account that paid once nine days ago receives a large sum and splits it over two payees
    // within the hour: twice its usual daily rate (a brand-new account's usual rate is today's).
    const pass = (x: number): Transaction[] => [t('PT', 'U3', T0 - 9 * DAY, 50), t('U2', 'PT', T0, x), t('PT', 'PT-O1', T0 + 10 * MIN, x / 2), t('PT', 'PT-O2', T0 + 20 * MIN, x / 2 - x / 100)];
    const out = fired(t, pass(9_000));
    assert.ok(out[3].includes('graph.pass_through'), out[3].join());
    assert.ok(!out[2].includes('graph.pass_through'), 'one payment today is its usual rate');
    assert.ok(!fired(t, pass(180))[3].includes('graph.pass_through'), 'passing on an everyday sum is no pass-through alert');
  });

  test(`round trips: a cycle and a repeated cycle are reasons on the closing transfer (${currency} ×${factor})`, () => {
    const one = fired(t, [t('CY-B', 'CY-C', T0, 9_000), t('CY-C', 'CY-A', T0 + HOUR, 8_900), t('CY-A', 'CY-B', T0 + 2 * HOUR, 8_800)]);
    assert.ok(one[2].includes('graph.cycle'), one[2].join());
    const two = fired(t, [
      t('CY-B', 'CY-C', T0, 9_000), t('CY-C', 'CY-A', T0 + HOUR, 8_900),
      t('CY-B', 'CY-D', T0, 9_000), t('CY-D', 'CY-A', T0 + HOUR, 8_900),
      t('CY-A', 'CY-B', T0 + 2 * HOUR, 8_800),
    ]);
    assert.ok(two[4].includes('graph.cycle_repeated') && two[4].includes('graph.cycle'), two[4].join());
    const small = fired(t, [t('CY-B', 'CY-C', T0, 90), t('CY-C', 'CY-A', T0 + HOUR, 89), t('CY-A', 'CY-B', T0 + 2 * HOUR, 88)]);
    assert.ok(!small[2].includes('graph.cycle'), 'an everyday round trip is no reason');
  });

  test(`the payer reaching the payee through 3 go-betweens is a direct scatter-gather (${currency} ×${factor})`, () => {
    const mids = ['SD1', 'SD2', 'SD3'];
    const out = fired(t, [...mids.map((m, i) => t('SD-A', m, T0 + i * MIN, 3_000)), ...mids.map((m, i) => t(m, 'SD-B', T0 + HOUR + i * MIN, 2_950)), t('SD-A', 'SD-B', T0 + 2 * HOUR, 1_000)]);
    assert.ok(out[6].includes('graph.scatter_gather_direct'), out[6].join());
  });

  test(`a transfer between two transit accounts is a layering chain (${currency} ×${factor})`, () => {
    // LC-C passes on what it received; LC-D had already paid out as much as it takes in.
    const out = fired(t, [
      t('U5', 'LC-D', T0, 1_000), t('LC-D', 'U6', T0 + 10 * MIN, 9_900),
      t('U7', 'LC-C', T0 + 20 * MIN, 9_000), t('LC-C', 'LC-D', T0 + 30 * MIN, 8_900),
    ]);
    assert.ok(out[3].includes('graph.layering_chain'), out[3].join());
  });
}
