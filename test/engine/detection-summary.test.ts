import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDetection, formatRingRecall, ringRecall, summariseDetection } from '../../src/engine/detection-summary.js';

test('the detection summary separates false alerts from alerts on planted transactions', () => {
  const labels = new Map([
    ['t1', { pattern: 'cycle', instance: 'c1' }],
    ['t2', { pattern: 'cycle', instance: 'c1' }],
    ['t3', { pattern: 'fan_in', instance: 'f1' }],
  ]);
  const decided: Array<[string, 'ALLOW' | 'REVIEW' | 'BLOCK']> = [['t1', 'REVIEW'], ['t2', 'ALLOW'], ['t3', 'ALLOW'], ['t4', 'BLOCK'], ['t5', 'REVIEW']];
  for (let i = 0; i < 95; i++) decided.push([`n${i}`, 'ALLOW']);
  const s = summariseDetection(decided, labels);
  assert.equal(s.alerts, 3);
  assert.equal(s.truePositives, 1);
  assert.equal(s.instancesCaught, 1);
  const lines = formatDetection(s);
  assert.equal(lines[0], 'transactions 100: ALLOW 97, REVIEW 2, BLOCK 1 (300.0 alerts per 10,000)');
  assert.equal(lines[2], 'false alerts (on ordinary transactions): 2, 200.0 per 10,000; the other 100.0 per 10,000 are on planted ones');
  assert.deepEqual(lines.slice(-2), ['  cycle            1/1', '  fan_in           0/1']);
});

test('ring recall: a group is found when one ring holds half of it and is a quarter made of it', () => {
  const groups = [
    { pattern: 'cycle', members: ['A', 'B', 'C', 'D'] },
    { pattern: 'cycle', members: ['E', 'F'] },
    { pattern: 'fan_in', members: ['G', 'H', 'I', 'J'] },
  ];
  const rings = [
    ['A', 'B', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6'], // half of the first cycle, but 2/8 = a quarter: found
    ['E', ...Array.from({ length: 8 }, (_, i) => `Y${i}`)], // half of the second, 1/9 of the ring: a blob, not found
    ['G', 'H', 'I'],
  ];
  const r = ringRecall(groups, rings);
  assert.deepEqual([...r], [['cycle', [1, 2]], ['fan_in', [1, 1]]]);
  assert.deepEqual(formatRingRecall(r, rings.length), ['planted groups found as rings: 2 of 3 (3 rings reported)', '  cycle            1/2', '  fan_in           1/1']);
});
