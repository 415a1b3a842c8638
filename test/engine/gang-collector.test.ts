import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NEW_LINK_CYCLE_REASON, type Decision, type Reason } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { GangCollector } from '../../src/engine/gangs.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const LISTED = new Set(['L']);
const PARTY: Reason = { rule: 'graph.listed_party', weight: 1, values: [], evidence: 'party' };
const DEVICE: Reason = { rule: 'graph.shared_device', weight: 0.35, values: [], evidence: 'party' };
const FAN: Reason = { rule: 'shape.fan_in_new', weight: 0.5, values: [] };

let n = 0;
function transfer(from: string, to: string, day: number): Transaction {
  return { id: `T${++n}`, time: T0 + day * DAY, from, to, amount: 5000, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' };
}
const alert = (id: string, reasons: Reason[]): Decision => ({ id, score: 0.9, decision: 'REVIEW', reasons });

/**
 * A listed account L in a small gang {L, A, B} (transfer evidence), L's everyday payments to
 * five shops (alerted only because L is listed), and three victims paying L (alerted only
 * because L is listed). Returns the collector's rings as sorted member lists.
 */
function run(listed: (a: string) => boolean, shopReasons: Reason[]): string[][] {
  const c = new GangCollector(DEFAULT_FEATURE_CONFIG, {}, listed);
  const quiet = transfer('X', 'Y', 0);
  c.add(quiet, { score: 0, decision: 'ALLOW', reasons: [] });
  for (const [f, t] of [['L', 'A'], ['A', 'B'], ['B', 'L'], ['A', 'L']]) {
    const tx = transfer(f, t, 40);
    c.add(tx, alert(tx.id, [FAN]));
  }
  for (const shop of ['S1', 'S2', 'S3', 'S4', 'S5']) {
    const tx = transfer('L', shop, 41);
    c.add(tx, alert(tx.id, shopReasons));
  }
  for (const victim of ['V1', 'V2', 'V3']) {
    const tx = transfer(victim, 'L', 42);
    c.add(tx, alert(tx.id, [PARTY]));
  }
  return c.report({ has: (a) => listed(a) }).rings.map((r) => r.members);
}

test('party-only alerts: a listed payer does not pull its payees in; payers into a listed account join its ring', () => {
  assert.deepEqual(run((a) => LISTED.has(a), [PARTY, DEVICE]), [['A', 'B', 'L', 'V1', 'V2', 'V3']]);
});

test('party-only alerts join nothing when no account is listed (a shared device alone ties no payee)', () => {
  assert.deepEqual(run(() => false, [PARTY, DEVICE]), [['A', 'B', 'L']]);
});

test('an alert with transfer evidence besides the party evidence joins as before', () => {
  assert.deepEqual(run((a) => LISTED.has(a), [PARTY, FAN]), [['A', 'B', 'L', 'S1', 'S2', 'S3', 'S4', 'S5', 'V1', 'V2', 'V3']]);
});

test('reasons without weight (explanations) neither make nor break party-only evidence', () => {
  const explain: Reason = { rule: 'pattern.note', weight: 0, values: [] };
  assert.deepEqual(run((a) => LISTED.has(a), [PARTY, explain]), [['A', 'B', 'L', 'V1', 'V2', 'V3']]);
});

/** A loop of first-time links P → Q → R → S → T → P closed by an allowed transfer the rules flagged (the loop reason), scored `score` by the model. */
function ruleLoop(review: number | undefined, score: number): Array<{ members: string[] }> {
  const c = new GangCollector(DEFAULT_FEATURE_CONFIG, review === undefined ? {} : { review });
  const quiet = transfer('X', 'Y', 0);
  c.add(quiet, { score: 0, decision: 'ALLOW', reasons: [] });
  const hops = [transfer('P', 'Q', 40), transfer('Q', 'R', 41), transfer('R', 'S', 42), transfer('S', 'T', 42)];
  for (const tx of hops) c.add(tx, { score, decision: 'ALLOW', reasons: [] });
  const close = transfer('T', 'P', 43);
  const loop: Reason = { rule: NEW_LINK_CYCLE_REASON, weight: 0, values: [['cycle_new_len', 5]], accounts: ['P', 'Q', 'R', 'S', 'T'], transactions: hops.map((t) => t.id) };
  c.add(close, { score, decision: 'ALLOW', reasons: [loop] });
  return c.report({ has: () => false }).rings.map((r) => ({ members: r.members }));
}

test('a loop the rules flagged where the model allowed it: a ring from half the review threshold, its share below', () => {
  // Worth one alert per hop from score ≥ review / 2: 4 hops + the closing transfer reach the minimum mass of 5.
  assert.deepEqual(ruleLoop(0.6, 0.3).map((r) => r.members), [['P', 'Q', 'R', 'S', 'T']]);
  // At a tenth of the review threshold each is worth 0.2 alerts: 5 × 0.2 = 1, no ring.
  assert.deepEqual(ruleLoop(0.6, 0.06), []);
  // Without a supervised model (the rules decided) a named loop counts in full.
  assert.deepEqual(ruleLoop(undefined, 0.06).map((r) => r.members), [['P', 'Q', 'R', 'S', 'T']]);
});
