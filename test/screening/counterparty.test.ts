import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CounterpartyScreening } from '../../src/screening/counterparty.js';
import { Screener } from '../../src/screening/screener.js';

test('counterparty names become from_screen_score / to_screen_score, cached and bounded', () => {
  const screener = new Screener([
    { list_id: 'SDN-1', name: 'ANGLO-CARIBBEAN CO., LTD.', kind: 'entity', aliases: [], country: 'GB', dob: '', source: 't', id_no: '' },
    { list_id: 'CN-1', name: '张伟明', kind: 'person', aliases: [], country: 'CN', dob: '', source: 't', id_no: '' },
  ]);
  const cp = new CounterpartyScreening(screener, 0.5, 2);
  const f = cp.features({ from_name: 'ZHANG WEIMING', to_name: 'Anglo Caribbean Company Limited' });
  assert.equal(f.from_list_id, 'CN-1');
  assert.equal(f.to_list_id, 'SDN-1');
  assert.ok(f.from_screen_score >= 0.9 && f.to_screen_score >= 0.9);
  const none = cp.features({ from_name: 'Peter Miller' });
  assert.deepEqual([none.from_screen_score, none.to_screen_score], [0, 0]);
  // Cached answers are the same answers.
  assert.deepEqual(cp.features({ from_name: 'ZHANG WEIMING', to_name: 'Anglo Caribbean Company Limited' }), f);
});
