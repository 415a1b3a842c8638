import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Transaction } from '../../src/domain/transaction.js';
import { builtinRuleDir } from '../../src/rules/builtin.js';
import { listRuleFiles, loadRuleFiles } from '../../src/rules/load.js';
import type { RuleEvaluation } from '../../src/rules/ruleset.js';
import { fullSchema, tx, vector } from './helpers.js';

const schema = fullSchema();
const rules = loadRuleFiles([builtinRuleDir()], schema);
const DAY = 86400;
/** An established, active account: 1 year old, last active an hour ago. */
const SETTLED = { from_age_s: 365 * DAY, to_age_s: 365 * DAY, from_dormant_s: 3600, to_dormant_s: 3600, observed_s: 400 * DAY };

function run(values: Record<string, number>, t: Transaction = tx()): RuleEvaluation {
  return rules.evaluate(vector(schema, { ...SETTLED, ...values }), t);
}
const fired = (r: RuleEvaluation): string[] => r.reasons.map((x) => x.rule).sort();

test('the built-in folder holds its packs, and they load with the standard features', () => {
  const dir = builtinRuleDir();
  assert.ok(existsSync(join(dir, 'pboc-large-value.yaml')));
  assert.ok(existsSync(join(dir, 'pboc-suspicious.yaml')));
  assert.deepEqual(listRuleFiles([dir]).map((f) => f.slice(dir.length + 1)), ['graph-patterns.yaml', 'layering-shapes.yaml', 'payment-facts.yaml', 'pboc-large-value.yaml', 'pboc-suspicious.yaml', 'screening.yaml']);
  assert.deepEqual(rules.typologies.map((t) => t.id), ['graph.layering', 'graph.fraud_ring', 'graph.listed_proximity', 'shape.layering', 'pboc.large_value', 'pboc.suspicious']);
  assert.equal(rules.rules.length, 41);
  for (const r of rules.rules) {
    assert.ok(r.description.en.length > 10 && /[\u4e00-\u9fff]/.test(r.description.zh), r.id);
    assert.ok(r.reads.length > 0, r.id);
  }
  assert.equal(rules.typologies.find((t) => t.id === 'pboc.large_value')!.block, undefined, 'large-value reports never block');
});

test('an ordinary transfer is quiet', () => {
  const r = run({ amount: 800, from_out_sum_24h: 800, from_out_uniq_24h: 1, from_in_uniq_24h: 1, from_in_sum_24h: 3000, from_day_domestic: 800, to_day_domestic: 800 });
  assert.equal(r.decision, 'ALLOW');
  assert.equal(r.score, 0);
});

test('large value: daily cash from CNY 50,000 inclusive, on the customer side', () => {
  const cashIn = tx({ channel: 'cash_in' });
  assert.deepEqual(fired(run({ is_cash: 1, amount: 20000, to_day_cash: 49999.99 }, cashIn)), []);
  const r = run({ is_cash: 1, amount: 20000, to_day_cash: 50000 }, cashIn);
  assert.deepEqual(fired(r), ['pboc.lv.cash']);
  assert.equal(r.decision, 'REVIEW');
  assert.deepEqual(r.typologies, [{ id: 'pboc.large_value', score: 0.5, decision: 'REVIEW' }]);
  assert.deepEqual(Object.fromEntries(r.reasons[0].values), { is_cash: 1, from_day_cash: 0, to_day_cash: 50000, amount: 20000 });
  assert.deepEqual(fired(run({ is_cash: 1, amount: 10000, to_day_cash: 70000 }, cashIn)), [], 'reported once: the day had already reached the threshold');
  assert.deepEqual(fired(run({ is_cash: 1, amount: 60000, from_day_cash: 60000 })), ['pboc.lv.cash'], 'cash_out: the payer');
  assert.deepEqual(fired(run({ is_cash: 0, amount: 60000, from_day_domestic: 60000, from_day_cash: 60000 })), [], 'only on cash transactions');
});

test('large value: legal persons at CNY 2,000,000 of domestic plus cross-border transfers, each side', () => {
  assert.deepEqual(fired(run({ from_legal: 1, amount: 1e6, from_day_domestic: 1.5e6, from_day_cross_border: 4.9e5 })), []);
  assert.deepEqual(fired(run({ from_legal: 1, amount: 1e6, from_day_domestic: 1.5e6, from_day_cross_border: 5e5 })), ['pboc.lv.legal.from']);
  const both = run({ from_legal: 1, to_legal: 1, amount: 2e6, from_day_domestic: 2e6, to_day_domestic: 2e6 });
  assert.deepEqual(fired(both), ['pboc.lv.legal.from', 'pboc.lv.legal.to']);
  assert.equal(both.score, 1);
  assert.equal(both.decision, 'REVIEW', 'a report obligation, never a block');
});

test('large value: natural persons, domestic CNY 500,000 and cross-border CNY 200,000', () => {
  assert.deepEqual(fired(run({ amount: 1e5, from_day_domestic: 499999 })), []);
  assert.deepEqual(fired(run({ amount: 1e5, from_day_domestic: 5e5 })), ['pboc.lv.natural_domestic.from']);
  assert.deepEqual(fired(run({ amount: 1e5, to_day_domestic: 5.5e5 })), ['pboc.lv.natural_domestic.to']);
  assert.deepEqual(fired(run({ amount: 1e5, to_day_domestic: 6e5 })), [], 'the total had reached 500,000 before this transfer');
  assert.deepEqual(fired(run({ amount: 1e5, from_legal: 1, from_day_domestic: 6e5 })), [], 'a legal person has the higher threshold');
  assert.deepEqual(fired(run({ is_cross_border: 1, amount: 1e5, from_day_cross_border: 2e5 })), ['pboc.lv.natural_cross_border.from']);
  assert.deepEqual(fired(run({ is_cross_border: 1, amount: 1e5, to_day_cross_border: 2.5e5 })), ['pboc.lv.natural_cross_border.to']);
  assert.deepEqual(fired(run({ is_cross_border: 1, amount: 1e5, from_day_cross_border: 1.99e5 })), []);
  assert.deepEqual(fired(run({ is_cross_border: 1, amount: 1e5, from_day_domestic: 6e5 })), [], 'domestic total reports on domestic transfers');
});

const SCATTER = { from_in_uniq_24h: 6, from_out_uniq_24h: 1, from_in_sum_24h: 100000, from_out_sum_24h: 85000, amount: 85000, from_day_domestic: 85000 };

test('suspicious: scattered in, concentrated out reviews on its own', () => {
  const r = run(SCATTER);
  assert.deepEqual(fired(r), ['pboc.sus.scatter_in_concentrate_out']);
  assert.deepEqual(r.typologies, [{ id: 'pboc.suspicious', score: 0.5, decision: 'REVIEW' }]);
  assert.deepEqual(fired(run({ ...SCATTER, from_out_sum_24h: 70000 })), [], 'under 80% sent on');
  assert.deepEqual(fired(run({ ...SCATTER, from_in_uniq_24h: 4 })), [], 'fewer than 5 sources');
  assert.deepEqual(fired(run({ ...SCATTER, from_out_uniq_24h: 3 })), [], 'more than 2 destinations');
});

test('suspicious: gathered in, scattered out', () => {
  const gather = { from_in_uniq_24h: 1, from_out_uniq_24h: 5, from_in_sum_24h: 50000, from_out_sum_24h: 45000, amount: 9000 };
  assert.deepEqual(fired(run(gather)), ['pboc.sus.concentrate_in_scatter_out']);
  assert.equal(run(gather).decision, 'REVIEW');
  assert.deepEqual(fired(run({ ...gather, from_in_uniq_24h: 0, from_in_sum_24h: 0 })), [], 'paying many from an existing balance is not pass-through');
});

test('suspicious: repeated amounts just under a threshold, counted on the customer who splits', () => {
  const near = { amount: 48000, near_threshold: 1, threshold: 50000, threshold_ratio: 0.96 };
  assert.deepEqual(fired(run({ ...near, from_near_count_7d: 2 })), []);
  const r = run({ ...near, from_near_count_7d: 3 });
  assert.deepEqual(fired(r), ['pboc.sus.near_threshold_repeat']);
  assert.equal(r.decision, 'REVIEW');
  assert.equal(r.score, 0.35);
  // A cash deposit: the payer is the cash desk, the customer splitting is the depositor (payee).
  const deposit = tx({ channel: 'cash_in', from: 'CASH-01' });
  assert.deepEqual(fired(run({ ...near, from_near_count_7d: 40, to_in_near_count_7d: 2 }, deposit)), [], "the desk's count is every customer's");
  assert.deepEqual(fired(run({ ...near, to_in_near_count_7d: 3 }, deposit)), ['pboc.sus.near_threshold_repeat']);
  assert.deepEqual(fired(run({ ...near, to_in_near_count_7d: 3 })), [], 'on a transfer the payee did not split it');
});

test('suspicious: structured receipts sent on', () => {
  const out = { amount: 368800, from_in_near_count_7d: 3 };
  assert.deepEqual(fired(run(out)), ['pboc.sus.structured_funds_out']);
  assert.equal(run(out).decision, 'REVIEW');
  assert.deepEqual(fired(run({ ...out, from_in_near_count_7d: 2 })), [], 'two near-threshold receipts are not a pattern');
  assert.deepEqual(fired(run({ ...out, amount: 19999 })), [], 'small sums');
  assert.deepEqual(fired(run(out, tx({ channel: 'cash_in', from: 'CASH-01' }))), [], "a deposit's payer is the desk, which receives withdrawals");
});

test('suspicious: a dormant account moving a large sum, either side', () => {
  assert.deepEqual(fired(run({ amount: 60000, from_dormant_s: 91 * DAY })), ['pboc.sus.dormant_reactivated']);
  assert.deepEqual(fired(run({ amount: 60000, to_dormant_s: 90 * DAY })), ['pboc.sus.dormant_reactivated']);
  assert.deepEqual(fired(run({ amount: 60000, from_dormant_s: 89 * DAY })), []);
  assert.deepEqual(fired(run({ amount: 40000, from_dormant_s: 200 * DAY })), []);
});

test('suspicious: a new account moving large sums fast', () => {
  const fresh = { from_new: 1, from_age_s: 0, amount: 60000, from_out_sum_24h: 60000, from_in_sum_24h: 60000 };
  assert.deepEqual(fired(run(fresh)), ['pboc.sus.new_account_rapid']);
  assert.deepEqual(fired(run({ ...fresh, observed_s: 10 * DAY })), [], 'early in the stream every account looks new');
  assert.deepEqual(fired(run({ ...fresh, from_in_sum_24h: 10000 })), [], 'paying out an existing balance is not pass-through');
  assert.deepEqual(fired(run({ ...fresh, from_new: 0, from_age_s: 6 * DAY })), ['pboc.sus.new_account_rapid']);
  assert.deepEqual(fired(run({ ...fresh, from_new: 0, from_age_s: 8 * DAY })), []);
  assert.deepEqual(fired(run({ ...fresh, amount: 1000, from_out_sum_24h: 1000 })), []);
});

test('suspicious: weak pairs review, strong combinations block', () => {
  const fresh = { from_new: 1, from_age_s: 0 };
  const near = { near_threshold: 1, from_near_count_7d: 4 };
  // new account + near-threshold repeats: 0.35 + 0.35 = 0.70 → REVIEW
  const pair = run({ ...fresh, ...near, amount: 48000, from_out_sum_24h: 150000, from_in_sum_24h: 150000 });
  assert.deepEqual(fired(pair), ['pboc.sus.near_threshold_repeat', 'pboc.sus.new_account_rapid']);
  assert.equal(pair.decision, 'REVIEW');
  assert.ok(Math.abs(pair.score - 0.7) < 1e-9);
  // scatter-gather through a new account: 0.5 + 0.35 = 0.85 → BLOCK
  const mule = run({ ...SCATTER, ...fresh });
  assert.deepEqual(fired(mule), ['pboc.sus.new_account_rapid', 'pboc.sus.scatter_in_concentrate_out']);
  assert.equal(mule.decision, 'BLOCK');
  // three weak indicators: 1.05 → 1 → BLOCK
  const three = run({ ...fresh, ...near, amount: 60000, from_out_sum_24h: 150000, from_in_sum_24h: 150000, to_dormant_s: 120 * DAY });
  assert.equal(three.decision, 'BLOCK');
  assert.equal(three.score, 1);
});

test('both packs at once: the most severe decision wins and reasons name their typology', () => {
  const r = run({ ...SCATTER, from_new: 1, from_age_s: 0, amount: 600000, from_out_sum_24h: 600000, from_in_sum_24h: 700000, from_day_domestic: 600000 });
  assert.equal(r.decision, 'BLOCK');
  assert.deepEqual(r.typologies.map((t) => [t.id, t.decision]), [['pboc.large_value', 'REVIEW'], ['pboc.suspicious', 'BLOCK']]);
  const lv = r.reasons.find((x) => x.rule === 'pboc.lv.natural_domestic.from');
  assert.equal(lv?.typology, 'pboc.large_value');
});
