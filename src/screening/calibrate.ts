/**
 * Threshold calibration against a truth file (`query_id,list_id[,…]`, list_id empty for a
 * negative, several ids joined by `|`): pair-level precision, recall and F1, and the query-level
 * false-alarm rate on negatives, at each threshold; picks the highest threshold that reaches a
 * target recall.
 */
import type { ScreenMatch } from './entry.js';

export interface CalibrationRow {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  negativeFalseAlarm: number;
}

export interface Calibration {
  rows: CalibrationRow[];
  chosen: CalibrationRow;
  bestF1: CalibrationRow;
}

/** `truth` maps query id → the list ids it should match (empty for a negative). */
export function calibrate(matches: readonly ScreenMatch[], truth: ReadonlyMap<string, readonly string[]>, targetRecall: number, step = 0.01): Calibration {
  let positives = 0;
  let negatives = 0;
  for (const ids of truth.values()) {
    positives += ids.length;
    if (ids.length === 0) negatives++;
  }
  const rows: CalibrationRow[] = [];
  for (let t = 0.5; t <= 1.0001; t += step) {
    const threshold = Math.round(t * 1000) / 1000;
    let tp = 0;
    let fp = 0;
    const alarmed = new Set<string>();
    for (const m of matches) {
      if (m.score < threshold) continue;
      const ids = truth.get(m.query_id);
      if (ids === undefined) continue;
      if (ids.includes(m.list_id)) tp++;
      else fp++;
      if (ids.length === 0) alarmed.add(m.query_id);
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = positives === 0 ? 0 : tp / positives;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    rows.push({ threshold, precision, recall, f1, negativeFalseAlarm: negatives === 0 ? 0 : alarmed.size / negatives });
  }
  const reaching = rows.filter((r) => r.recall >= targetRecall);
  const chosen = reaching.length > 0 ? reaching[reaching.length - 1] : rows[0];
  const bestF1 = rows.reduce((a, b) => (b.f1 > a.f1 ? b : a), rows[0]);
  return { rows, chosen, bestF1 };
}
