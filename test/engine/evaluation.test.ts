import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { evaluate, formatEvaluation } from '../../src/engine/evaluation.js';
import { parseLabel, parseSplit, type LabelledRow } from '../../src/engine/labelled.js';

test('labels: 1/0, true/false, yes/no in any case; anything else is an error', () => {
  for (const v of ['1', 'TRUE', 'yes', 'Y', ' t ']) assert.equal(parseLabel(v), 1);
  for (const v of ['0', 'False', 'no', 'N', '']) assert.equal(parseLabel(v), 0);
  assert.match(String(parseLabel('maybe')), /label must be/);
  // A data frame writes a label column with gaps as floats.
  for (const v of ['1.0', '1.', '1.000']) assert.equal(parseLabel(v), 1);
  for (const v of ['0.0', '0.00', '00.0']) assert.equal(parseLabel(v), 0);
  for (const v of ['0.5', '2.0', '1e0', '-1.0', '.5']) assert.match(String(parseLabel(v)), /label must be/, v);
});

test('split fractions must be three, add to 1 and leave a last part', () => {
  assert.deepEqual(parseSplit('0.6,0.2,0.2'), { trainEnd: 0.6, validEnd: 0.8 });
  assert.throws(() => parseSplit('0.6,0.2'), /three fractions/);
  assert.throws(() => parseSplit('0.6,0.3,0.2'), /add up to 1/);
  assert.throws(() => parseSplit('0.8,0.2,0'), /last part/);
});

const tx = (id: string): Transaction => ({ id, time: 0, from: 'a', to: 'b', amount: 1, currency: 'CNY', channel: 'transfer', from_type: 'natural', to_type: 'natural' });

test('evaluation: hand-checked precision, recall, F1, alerts per 10k, per-pattern and instance recall', () => {
  const rows: LabelledRow[] = [
    { tx: tx('1'), label: 1, pattern: 'cycle', instance: 'c1' },
    { tx: tx('2'), label: 1, pattern: 'cycle', instance: 'c1' },
    { tx: tx('3'), label: 1, pattern: 'fan_in', instance: 'f1' },
    { tx: tx('4'), label: 0 },
    { tx: tx('5'), label: 0 },
  ];
  const decisions: Verdict[] = ['REVIEW', 'ALLOW', 'ALLOW', 'BLOCK', 'ALLOW'];
  const scores = Float64Array.from([0.9, 0.3, 0.2, 0.8, 0.1]);
  const r = evaluate(rows, scores, decisions);
  assert.equal(r.precision, 0.5); // 1 of 2 alerts labelled
  assert.ok(Math.abs(r.recall - 1 / 3) < 1e-12);
  assert.ok(Math.abs(r.f1 - 0.4) < 1e-12); // 2·0.5·(1/3)/(0.5+1/3)
  assert.equal(r.alertsPer10k, 4000);
  assert.equal(r.perPattern.get('cycle')!.recall, 0.5);
  assert.equal(r.perPattern.get('cycle')!.instanceRecall, 1);
  assert.equal(r.perPattern.get('fan_in')!.recall, 0);
  assert.equal(r.instanceRecall, 0.5);
  // Average precision: ranks 0.9(+) 0.8(-) 0.3(+) 0.2(+) → (1·1/3)+(2/3·1/3)+(3/4·1/3) = 0.8055…
  assert.ok(Math.abs(r.prAuc - (1 + 2 / 3 + 3 / 4) / 3) < 1e-12);
  const last = formatEvaluation(r, 'rules').at(-1)!;
  assert.match(last, /^F1=0\.400 PRAUC=0\.806 precision=0\.500 recall=0\.333 /);
});
