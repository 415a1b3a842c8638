import { csvCell } from '../domain/csv-cell.js';
import { formatReasons, type Decision } from '../domain/decision.js';
import { BufferedFile } from './buffered-file.js';

export const DECISION_HEADER = 'id,score,decision,reasons\n';

/** One `id,score,decision,reasons` line (the score rounded to 4 places), as `score --out` writes it. */
export function decisionLine(d: Decision): string {
  return `${csvCell(d.id)},${Math.round(d.score * 10_000) / 10_000},${d.decision},${csvCell(formatReasons(d.reasons))}\n`;
}

/** Writes the header and a line per decision, in the order given, buffered. */
export async function writeDecisions(path: string, decisions: AsyncIterable<readonly Decision[]> | Iterable<readonly Decision[]>): Promise<number> {
  const out = new BufferedFile(path);
  let n = 0;
  try {
    out.write(DECISION_HEADER);
    for await (const page of decisions) {
      for (const d of page) {
        out.write(decisionLine(d));
        n++;
      }
    }
  } finally {
    out.close();
  }
  return n;
}
