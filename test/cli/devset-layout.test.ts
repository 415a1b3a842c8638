// Regression guard: the same AMLSim dev set in another layout, as another simulator or an export
// would write it — columns renamed, account and transaction ids hashed, times as epoch
// milliseconds three years later, amounts × 0.05 as 4-decimal floats ("32.3145") — through the
// unchanged commands with only --map and --time-format. Detection must not depend on the column
// names, the ids, the time grid or the amounts' scale. Labels are read only to grade the output.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AMLSIM_A_FILE, decisionF1, devSetScratch, skipWithoutDevSet, type Truth } from '../helpers/devset.js';

const SOURCE = AMLSIM_A_FILE;
const skip = skipWithoutDevSet;
const MAP = 'id=ref,time=at_ms,from=payer,to=payee,amount=value,channel=kind';
const { dir, ringwatch } = devSetScratch('rw-devset-layout-');
const THREE_YEARS_MS = 1096 * 86_400_000;

const hashed = (prefix: string, id: string): string => prefix + createHash('sha1').update(`layout:${id}`).digest('hex').slice(0, 12);

/** Writes the other layout (row order kept) and returns the labels by new id with the test slice. */
function relayout(file: string): Truth {
  const lines = readFileSync(SOURCE, 'utf8').trim().split(/\r?\n/);
  const h = lines[0].split(',');
  const col = (name: string): number => h.indexOf(name);
  const [id, from, to, kind, amount, time, sar] = ['tran_id', 'orig_acct', 'bene_acct', 'tx_type', 'base_amt', 'tran_timestamp', 'is_sar'].map(col);
  const out = ['ref,payer,payee,kind,value,at_ms,flag'];
  const label = new Map<string, boolean>();
  const ids: string[] = [];
  for (const l of lines.slice(1)) {
    const c = l.split(',');
    const ref = hashed('T', c[id]);
    ids.push(ref);
    label.set(ref, c[sar] === 'True');
    const value = (Number(c[amount]) * 0.05).toFixed(4);
    out.push([ref, hashed('P', c[from]), hashed('P', c[to]), c[kind].toLowerCase(), value, Date.parse(c[time]) + THREE_YEARS_MS, c[sar] === 'True' ? 1 : 0].join(','));
  }
  writeFileSync(file, out.join('\n') + '\n');
  return { label, test: new Set(ids.slice(Math.floor(ids.length * 0.8))) };
}

test('AMLSim dev set in another layout (hashed ids, epoch ms, amounts × 0.05 as floats): train → score keeps its F1', { skip }, (ctx) => {
  const file = join(dir, 'other-layout.csv');
  const t = relayout(file);
  const model = join(dir, 'm.json');
  const tr = ringwatch('train', file, '--map', MAP, '--time-format', 'epoch-ms', '--label', 'flag', '--until', '0.6', '--out', model);
  assert.equal(tr.status, 0, tr.stderr);
  assert.doesNotMatch(tr.stderr, /rejected/);
  const out = join(dir, 'd.csv');
  const sc = ringwatch('score', file, '--map', MAP, '--time-format', 'epoch-ms', '--model', model, '--out', out);
  assert.equal(sc.status, 0, sc.stderr);
  assert.match(sc.stderr, /rows=162896 scored=162896 rejected=0 /);
  assert.equal(sc.stderr.match(/rounded to its minor unit/g)?.length, 1);
  const f1 = decisionF1(out, t);
  ctx.diagnostic(`model F1 in the other layout: ${f1.toFixed(3)}`);
  assert.ok(f1 >= 0.6, `model F1 on the last 20 % in the other layout: ${f1.toFixed(3)} (target 0.80; the original layout measures 0.89)`);
});
