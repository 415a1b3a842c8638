import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { ringwatch as run, type CliResult } from './harness.js';

/** AMLSim's quiet development set, as the tests find it beside the repository. */
export const AMLSIM_A = resolve(process.cwd(), '../shared/datasets/amlsim_dev_a');
export const AMLSIM_A_FILE = join(AMLSIM_A, 'transactions.csv');
/** The test's skip reason when the set is not there. */
export const skipWithoutDevSet: string | false = existsSync(AMLSIM_A_FILE) ? false : `no development set at ${AMLSIM_A}`;

/** A scratch folder removed after the file's tests, and the CLI with a dev set's timeout. */
export function devSetScratch(prefix: string): { dir: string; ringwatch: (...args: string[]) => CliResult } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, ringwatch: (...args: string[]) => run(args, { timeout: 600_000 }) };
}

/** Labels by transaction id and the test slice (the ids of the last 20 % by time). */
export interface Truth {
  label: Map<string, boolean>;
  test: Set<string>;
}

/** F1 of a decisions file (`id,score,decision,…`: REVIEW and BLOCK are alerts) on the test slice. */
export function decisionF1(decisions: string, t: Truth): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of readFileSync(decisions, 'utf8').trim().split('\n').slice(1)) {
    const [id, , decision] = line.split(',');
    if (!t.test.has(id)) continue;
    const flagged = decision === 'REVIEW' || decision === 'BLOCK';
    const pos = t.label.get(id) === true;
    if (flagged && pos) tp++;
    else if (flagged) fp++;
    else if (pos) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn);
}
