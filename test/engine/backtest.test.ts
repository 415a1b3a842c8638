import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decision, Verdict } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { Backtest, BacktestTally, formatBacktest, loadRulesWith } from '../../src/engine/backtest.js';
import { defaultEngineConfig } from '../../src/engine/config.js';
import { buildScorer } from '../../src/engine/runtime.js';
import { RuleLoadError } from '../../src/rules/errors.js';

const decision = (id: string, verdict: Verdict, ...rules: string[]): Decision => ({
  id, score: verdict === 'ALLOW' ? 0 : verdict === 'REVIEW' ? 0.5 : 1, decision: verdict, reasons: rules.map((rule) => ({ rule, weight: 0.5, values: [] })),
});

test('tally: hand-checked totals, per rule, only A / only B / both, verdict changes and quality', () => {
  const t = new BacktestTally(true);
  // id  A                      B                         label
  t.add(decision('1', 'REVIEW', 'r1'), decision('1', 'REVIEW', 'r1'), 1); // both alert, same rules: not differing
  t.add(decision('2', 'REVIEW', 'r1'), decision('2', 'ALLOW'), 0); // only A
  t.add(decision('3', 'ALLOW'), decision('3', 'BLOCK', 'r2'), 1); // only B
  t.add(decision('4', 'ALLOW', 'low'), decision('4', 'ALLOW', 'low', 'r3'), 0); // no alert either side; r3 only in B
  t.add(decision('5', 'ALLOW'), decision('5', 'ALLOW'), 1); // missed by both
  const r = t.report();
  assert.equal(r.transactions, 5);
  assert.equal(r.positives, 3);
  assert.deepEqual({ ...r.alerts, qualityA: undefined, qualityB: undefined }, {
    a: 2, b: 2, aPer10k: 4000, bPer10k: 4000, onlyA: 1, onlyB: 1, both: 1, qualityA: undefined, qualityB: undefined,
  });
  // A: alerts 1, 2 → tp 1 of 2 flagged, 1 of 3 positives. B: alerts 1, 3 → tp 2 of 2, 2 of 3.
  assert.deepEqual(r.alerts.qualityA, { precision: 0.5, recall: 1 / 3, f1: 0.4 });
  assert.deepEqual(r.alerts.qualityB, { precision: 1, recall: 2 / 3, f1: 0.8 });
  assert.deepEqual(r.rules.map((x) => [x.rule, x.a, x.b, x.onlyA, x.onlyB, x.both]), [
    ['low', 1, 1, 0, 0, 1], ['r1', 2, 1, 1, 0, 1], ['r2', 0, 1, 0, 1, 0], ['r3', 0, 1, 0, 1, 0],
  ]);
  assert.deepEqual(r.transitions, { 'ALLOW→BLOCK': 1, 'REVIEW→ALLOW': 1 });
  assert.equal(r.differing, 3);
  assert.deepEqual(t.diffs.map((d) => [d.id, d.decisionA, d.decisionB]), [['2', 'REVIEW', 'ALLOW'], ['3', 'ALLOW', 'BLOCK'], ['4', 'ALLOW', 'ALLOW']]);
  const lines = formatBacktest(r);
  assert.match(lines.at(-1)!, /^transactions=5 alerts_a=2 alerts_b=2 only_a=1 only_b=1 both=1 alerts_per_10k_a=4000\.0 alerts_per_10k_b=4000\.0 differing=3 f1_a=0\.400 f1_b=0\.800$/);
});

test('tally: without labels no quality; kept differences are bounded but all are counted', () => {
  const t = new BacktestTally(false, 1);
  t.add(decision('1', 'ALLOW'), decision('1', 'REVIEW', 'x'));
  t.add(decision('2', 'ALLOW'), decision('2', 'REVIEW', 'x'));
  const r = t.report();
  assert.equal(r.positives, undefined);
  assert.equal(r.alerts.qualityA, undefined);
  assert.equal(r.differing, 2);
  assert.equal(t.diffs.length, 1);
  assert.doesNotMatch(formatBacktest(r).at(-1)!, /f1_/);
});

/** `yuan` in CNY major units (transactions carry minor units). */
const tx = (id: string, yuan: number, hour: number): Transaction => ({
  id, time: Date.UTC(2026, 2, 1, hour), from: `P${id}`, to: `Q${id}`, amount: yuan * 100, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural',
});

const PACK = `rules:
  - id: t.big
    version: 1
    description: { en: big, zh: 大额 }
    severity: medium
    expression: amount >= 1000
`;

test('backtest: each side its own scorer; a repeated id is compared once; only the reported range counts', () => {
  const config = { ...defaultEngineConfig(), builtinRules: false };
  const a = buildScorer(config, loadRulesWith(config));
  const b = buildScorer(config, loadRulesWith(config, [{ name: 'b.rules', text: PACK }]));
  const bt = new Backtest(a, b, { labelled: false });
  bt.step(tx('1', 5000, 0), false); // history only
  bt.step(tx('2', 5000, 1), true);
  bt.step(tx('2', 5000, 1), true); // the same id again
  bt.step(tx('3', 10, 2), true);
  const r = bt.tally.report();
  assert.equal(r.transactions, 2);
  assert.deepEqual([r.alerts.a, r.alerts.b, r.alerts.onlyB], [0, 1, 1]);
  assert.equal(a.processed, 3);
  assert.equal(b.processed, 3);
  assert.deepEqual(b.rules?.hitCounts(), { 't.big': 2 });
});

test('loadRulesWith: a pack given as text is compiled with the configured rules; problems name it with line and column', () => {
  const config = defaultEngineConfig();
  const set = loadRulesWith(config, [{ name: 'b.rules', text: PACK }]);
  assert.ok(set.ruleIds.includes('t.big'));
  assert.ok(set.ruleIds.includes('pboc.lv.cash'));
  assert.throws(() => loadRulesWith(config, [{ name: 'b.rules', text: PACK.replace('amount >= 1000', 'amount >= >= 1') }]), (e: unknown) => {
    assert.ok(e instanceof RuleLoadError);
    assert.equal(e.problems[0].file, 'b.rules');
    assert.equal(e.problems[0].line, 6);
    return true;
  });
  // A rule id the built-ins already use is a duplicate within one configuration.
  assert.throws(() => loadRulesWith(config, [{ name: 'b.rules', text: PACK.replace('t.big', 'pboc.lv.cash') }]), /duplicate rule id "pboc\.lv\.cash"/);
});
