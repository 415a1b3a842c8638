import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presentReason } from '../../src/api/shape.js';

test('a model reason on the wire says its features in plain words, en and zh', () => {
  const wire = presentReason({
    rule: 'model', weight: 0.91,
    values: [['p', 0.91], ['sg_source_intermediates_30d', 4], ['pair_first', 1]],
    contributions: [['sg_source_intermediates_30d', 2.1], ['pair_first', -0.4]],
  });
  assert.deepEqual(wire.words, {
    en: 'Go-between accounts from one source in 30 days 4 (raises the risk); First payment between these two accounts yes (lowers it)',
    zh: '30天内同一来源的中间账户数 4（推高风险）；双方首次发生资金往来 是（降低风险）',
  });
  assert.equal(presentReason({ rule: 'graph.cycle', weight: 0.25, values: [['cycle_len', 4]] }).words, undefined, 'a rule reason names its rule');
});
