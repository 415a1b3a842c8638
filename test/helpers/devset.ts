import { readFileSync } from 'node:fs';

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
