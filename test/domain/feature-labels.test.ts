import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contributionWords, featureUnit, featureValueWords, featureWords } from '../../src/domain/feature-labels.js';
import { featureNames } from '../../src/features/catalog.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/features/config.js';

test('feature names read as words in both languages, windows and sides included', () => {
  assert.deepEqual(featureWords('from_new_payees_24h'), { en: 'Payer: new payees (never paid before) in 24 hours', zh: '付款方24小时内新增收款对手数（此前从未付款）' });
  assert.deepEqual(featureWords('sg_source_intermediates_30d'), { en: 'Go-between accounts from one source in 30 days', zh: '30天内同一来源的中间账户数' });
  assert.deepEqual(featureWords('to_in_burst'), { en: 'Payee: receipts today vs its usual daily rate', zh: '收款方当日收款笔数相对日常水平的倍数' });
  assert.deepEqual(featureWords('no_such_feature'), { en: 'no_such_feature', zh: 'no_such_feature' });
});

test('every default feature has words (no raw names reach an analyst)', () => {
  const raw = featureNames(DEFAULT_FEATURE_CONFIG).filter((n) => featureWords(n).en === n);
  assert.deepEqual(raw, []);
});

test('values read in their unit', () => {
  assert.equal(featureUnit('from_out_sum_24h'), 'money');
  assert.deepEqual(featureValueWords('from_out_sum_24h', 1234.5, 'USD'), { en: 'USD 1234.5', zh: '1234.5 USD' });
  assert.deepEqual(featureValueWords('pair_first', 1), { en: 'yes', zh: '是' });
  assert.deepEqual(featureValueWords('amount_pop_pct', 0.975), { en: '97.5%', zh: '97.5%' });
  assert.deepEqual(featureValueWords('pair_last_s', 3 * 86_400), { en: '3 days', zh: '3天' });
  assert.deepEqual(featureValueWords('from_listed_hops', -1), { en: 'none', zh: '无关联' });
});

test('a model reason is a sentence with each feature, its value and its direction', () => {
  const w = contributionWords([['from_new_payees_24h', 5], ['amount', 9800]], [['from_new_payees_24h', 1.2], ['amount', -0.3]], 'CNY');
  assert.equal(w.en, 'Payer: new payees (never paid before) in 24 hours 5 (raises the risk); Amount CNY 9800 (lowers it)');
  assert.equal(w.zh, '付款方24小时内新增收款对手数（此前从未付款） 5（推高风险）；交易金额 9800 CNY（降低风险）');
  assert.equal(contributionWords([['amount', 12]], [['amount', 0.5]]).en, 'Amount 12 (base currency) (raises the risk)', 'money without a known currency says so');
});
