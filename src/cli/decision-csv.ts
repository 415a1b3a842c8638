import { closeSync, openSync, writeSync } from 'node:fs';
import { csvCell } from '../domain/csv-cell.js';
import { formatReasons, type Decision } from '../domain/decision.js';

export const DECISION_HEADER = 'id,score,decision,reasons\n';

/** One `id,score,decision,reasons` line (the score rounded to 4 places), as `score --out` writes it. */
export function decisionLine(d: Decision): string {
  return `${csvCell(d.id)},${Math.round(d.score * 10_000) / 10_000},${d.decision},${csvCell(formatReasons(d.reasons))}\n`;
}

/** Writes the header and a line per decision, in the order given, buffered. */
export async function writeDecisions(path: string, decisions: AsyncIterable<readonly Decision[]> | Iterable<readonly Decision[]>): Promise<number> {
  const fd = openSync(path, 'w');
  let n = 0;
  try {
    let buf = DECISION_HEADER;
    for await (const page of decisions) {
      for (const d of page) {
        buf += decisionLine(d);
        n++;
        if (buf.length > 1 << 20) {
          writeSync(fd, buf);
          buf = '';
        }
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return n;
}
