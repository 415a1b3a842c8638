import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateBank, writeCsv } from '../../src/demo/index.js';
import { ringwatch as run } from '../helpers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-calibrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ringwatch = (...args: string[]) => run(args, { timeout: 300_000 });
const MAP = 'id=id,time=time,from=from,to=to,amount=amount,currency=currency,channel=channel,from_type=from_type,to_type=to_type,device=device';

test('alert budget: calibrate sets the review score so the history is flagged at the target rate, with rules or with an anomaly model', () => {
  const file = join(dir, 'bank.csv');
  const bank = generateBank({ seed: 5, accounts: 500, days: 40, targetTransactions: 20_000 });
  writeCsv(file, bank.transactions, bank.labels);
  const rows = readFileSync(file, 'utf8').trim().split('\n').length - 1;
  const calibration = Math.floor(rows * 0.6);

  /** Alerts per 10,000 over the calibration slice (file order is time order here). */
  const rateOf = (decisions: string): number => {
    const lines = readFileSync(decisions, 'utf8').trim().split('\n').slice(1, calibration + 1);
    return (lines.filter((l) => /,(REVIEW|BLOCK),/.test(l)).length / lines.length) * 1e4;
  };

  const anomaly = join(dir, 'anomaly.json');
  assert.equal(ringwatch('train', file, '--map', MAP, '--unsupervised', '--until', '0.6', '--out', anomaly).status, 0);
  const budget = join(dir, 'budget.yaml');
  const c = ringwatch('calibrate', file, '--map', MAP, '--model', anomaly, '--no-builtin-rules', '--alert-rate', '50/10000', '--out', budget);
  assert.equal(c.status, 0, c.stderr);
  assert.match(readFileSync(budget, 'utf8'), /^review_score: 0\.\d+$/m);
  const out = join(dir, 'd.csv');
  assert.equal(ringwatch('score', file, '--map', MAP, '--model', anomaly, '--no-builtin-rules', '--config', budget, '--out', out).status, 0);
  const reached = rateOf(out);
  assert.ok(reached <= 50 + 1e-9 && reached >= 40, `the budget is hit on the calibration history: ${reached.toFixed(1)} per 10,000`);

  // Rules alone score in steps: the cut lands on a step, at or under the budget, never over it.
  const rulesBudget = join(dir, 'rules.yaml');
  const r = ringwatch('calibrate', file, '--map', MAP, '--alert-rate', '20/10000', '--out', rulesBudget);
  assert.equal(r.status, 0, r.stderr);
  const outRules = join(dir, 'r.csv');
  assert.equal(ringwatch('score', file, '--map', MAP, '--config', rulesBudget, '--out', outRules).status, 0);
  const blocks = readFileSync(outRules, 'utf8').trim().split('\n').slice(1, calibration + 1).filter((l) => l.includes(',BLOCK,')).length;
  assert.ok(rateOf(outRules) <= Math.max(20, (blocks / calibration) * 1e4) + 1e-9, `rules-only rate ${rateOf(outRules).toFixed(1)} within the budget (BLOCKs stay)`);
  assert.notEqual(ringwatch('calibrate', file, '--map', MAP, '--alert-rate', 'lots', '--out', rulesBudget).status, 0);
});
