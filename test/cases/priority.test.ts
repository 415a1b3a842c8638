import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Reason } from '../../src/domain/decision.js';
import { openCase, withAlert } from '../../src/cases/case.js';
import { groupAlerts } from '../../src/cases/grouping.js';
import {
  addToBasis, basisOf, casePriority, emptyBasis, listedCloseness, priorityFactors, priorityReasons, PRIORITY_WEIGHTS, type PriorityAlert,
} from '../../src/cases/priority.js';
import { NOW, alert } from './helpers.js';

const large: Reason[] = [{ rule: 'pboc.lv.legal.to', typology: 'pboc.large_value', weight: 1, values: [['amount', 4_160_000]] }];
const structuring: Reason[] = [{ rule: 'struct.near_threshold', typology: 'structuring', weight: 0.5, values: [['near_count', 4]] }];
const fanOut: Reason[] = [{ rule: 'shape.fan_out_new', typology: 'shape.fan', weight: 0.5, values: [['out_uniq', 9]] }];
const a = (score: number, amount: number, reasons: Reason[], currency = 'CNY'): PriorityAlert => ({ score, amount, currency, reasons });

test('the weights add up to 1, so contributions add up to the priority', () => {
  const sum = Object.values(PRIORITY_WEIGHTS).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(sum - 1) < 1e-12);
});

test('one alert at 0.5: 0.3 × 0.5 + 0.25 × 0.5 / 5.5 = 0.1727 (hand-checked)', () => {
  const b = basisOf([a(0.5, 10_000, fanOut)]);
  assert.equal(casePriority(b), 0.1727);
  const f = priorityFactors(b);
  assert.equal(f.peak, 0.5);
  assert.ok(Math.abs(f.volume - 0.5 / 5.5) < 1e-12);
  assert.deepEqual([f.breadth, f.spread, f.listed, f.ring], [0, 0, 0, 0]);
});

test('a legitimate single large payment (score 1.0, CNY 4.16 M) ranks below a structured case of many alerts', () => {
  const payment = casePriority(basisOf([a(1, 416_000_000, large)]));
  // 0.3 × 1 + 0.25 × 1/6 = 0.3417
  assert.equal(payment, 0.3417);
  // 40 alerts of score 0.75 just under a threshold, two patterns: S = 30, volume 30/35; d = 2, breadth 1/3;
  // 40 equal amounts: spread 1 − 1/40 = 0.975.
  const alerts = Array.from({ length: 40 }, (_, i) => a(0.75, 4_990_000, i % 2 ? structuring : fanOut));
  const structured = casePriority(basisOf(alerts));
  const expected = 0.3 * 0.75 + 0.25 * (30 / 35) + 0.1 * (1 / 3) + 0.1 * 0.975;
  assert.equal(structured, Math.round(expected * 10_000) / 10_000);
  assert.ok(structured > payment + 0.2, `${structured} vs ${payment}`);
});

test('the priority does not saturate: even 400 alerts at 1.0 stay below 1, and more alerts still rank higher', () => {
  const many = (n: number): number => casePriority(basisOf(Array.from({ length: n }, () => a(1, 1000, fanOut))));
  assert.ok(many(400) < 0.99);
  assert.ok(many(1) < many(10) && many(10) < many(100) && many(100) < many(400));
  // Everything maxed but volume: 1 − 0.25 × 5 / (S + 5).
  const listedRing = basisOf(Array.from({ length: 395 }, (_, i) => a(1, 1000 + i, [...fanOut, ...structuring, { rule: 'graph.listed_party', typology: 'graph.listed', weight: 1, values: [['from_listed_near', 1]] }])), 1);
  assert.ok(casePriority(listedRing) < 1);
});

test('amounts count relative to each other, not in any currency: the same case in CNY and in USD ÷ 7 ranks the same', () => {
  const cny = basisOf([a(0.8, 700_000, fanOut), a(0.8, 1_400_000, fanOut)]);
  const usd = basisOf([a(0.8, 100_000, fanOut, 'USD'), a(0.8, 200_000, fanOut, 'USD')]);
  assert.equal(casePriority(cny), casePriority(usd));
  // Largest 1.4 M of a 2.1 M total: spread 1/3.
  assert.ok(Math.abs(priorityFactors(cny).spread - 1 / 3) < 1e-12);
  // Ten times the amounts: same priority.
  assert.equal(casePriority(basisOf([a(0.8, 7_000_000, fanOut), a(0.8, 14_000_000, fanOut)])), casePriority(cny));
});

test('listed links: 1 for a listed party or identifier, 1/(1+hops) beyond; the largest counts', () => {
  assert.equal(listedCloseness([{ rule: 'x', weight: 1, values: [['to_listed_near', 0.5], ['from_listed_near', 1 / 3]] }]), 0.5);
  assert.equal(listedCloseness([{ rule: 'x', weight: 1, values: [['identifier_listed', 1]] }]), 1);
  assert.equal(listedCloseness(fanOut), 0);
  const b = basisOf([a(0.5, 100, [{ rule: 'graph.near_listed', typology: 'graph.listed', weight: 0.5, values: [['to_listed_near', 0.5]] }])]);
  assert.equal(casePriority(b), Math.round((0.15 + 0.25 * 0.5 / 5.5 + 0.15 * 0.5) * 10_000) / 10_000);
  const reasons = priorityReasons(b, 1);
  assert.deepEqual(reasons.map((r) => r.factor), ['peak', 'listed', 'volume']);
  assert.match(reasons[1].en, /1 hop from a listed account/);
  assert.match(reasons[1].zh, /1 跳/);
});

test('ring risk adds its weight; reasons are in plain words (en and zh) and add up to the priority', () => {
  const b = basisOf([a(0.7, 5000, fanOut), a(0.7, 5000, structuring)], 0.6);
  const p = casePriority(b);
  const reasons = priorityReasons(b, 2);
  assert.ok(Math.abs(reasons.reduce((s, r) => s + r.contribution, 0) - p) < 0.001);
  const ring = reasons.find((r) => r.factor === 'ring');
  assert.ok(ring);
  assert.equal(ring.contribution, 0.06);
  assert.equal(ring.en, 'its accounts belong to a ring with risk 0.60');
  assert.equal(ring.zh, '账户属于风险为 0.60 的团伙');
  assert.equal(reasons.find((r) => r.factor === 'breadth')?.en, '2 different patterns fired (shape.fan, structuring)');
  assert.equal(reasons.find((r) => r.factor === 'spread')?.en, 'the alerted CNY money is split over many payments: 2.0 times the largest one');
});

test('deterministic: alerts in any order give the same basis and priority, one at a time or all at once', () => {
  const xs = [a(0.5, 300, fanOut), a(0.9, 1000, structuring, 'USD'), a(0.7, 200, fanOut), a(0.35, 50, large)];
  const forward = basisOf(xs);
  const backward = basisOf([...xs].reverse());
  assert.deepEqual(forward, backward);
  let step = emptyBasis();
  for (const x of xs) step = addToBasis(step, x);
  assert.deepEqual(step, forward);
});

test('cases keep their basis as alerts join, and grouping weighs the subject ring risk it is given', () => {
  const c1 = openCase(alert('T1', 'A', 'X', 0, { score: 1, amount: 416_000_000, reasons: large }), 'A', null, NOW);
  assert.equal(c1.risk, 0.3417);
  const c2 = withAlert(c1, alert('T2', 'A', 'Y', 1, { score: 0.5, reasons: fanOut }), 'A', NOW);
  assert.equal(c2.alert_count, 2);
  assert.deepEqual(c2.risk_basis, basisOf([c1.risk_basis.peak, 0.5].map((s, i) => (i === 0 ? a(1, 416_000_000, large) : a(0.5, 123450, fanOut)))));
  assert.equal(c2.risk, casePriority(c2.risk_basis));
  const ringed = groupAlerts([alert('T1', 'A', 'X')], [], { rings: { A: 'R1' }, ringRisk: new Map([['A', 0.5]]) }, NOW).cases[0];
  const plain = groupAlerts([alert('T1', 'A', 'X')], [], {}, NOW).cases[0];
  assert.equal(Math.round((ringed.risk - plain.risk) * 10_000) / 10_000, 0.05);
});
