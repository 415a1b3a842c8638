import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAlertRate, thresholdForRate } from '../engine/alert-budget.js';
import { buildScorer } from '../engine/runtime.js';
import { addEngineOptions, addIngestOptions, engineConfig, type EngineFlags, type IngestFlags } from './options.js';
import { readTimeOrdered } from './read-ordered.js';
import { firstOfEachId } from '../domain/transaction.js';

interface CalibrateFlags extends EngineFlags, IngestFlags {
  alertRate: string;
  until: string;
  out: string;
}

/**
 * `ringwatch calibrate`: sizes detection to the alerts a team can work. The first `--until` of
 * the file (time order) is scored with the configuration as given (rules, and models with
 * `--model`); the review score is the cut of the risk score that flags that history at the
 * budgeted rate (ties never split, so at or just under it). The configuration is written with
 * `review_score` added, for `score|serve|evaluate --config`. No label is read.
 */
export async function runCalibrate(file: string, flags: CalibrateFlags): Promise<string[]> {
  const rate = parseAlertRate(flags.alertRate);
  const until = Number(flags.until);
  if (!(until > 0 && until <= 1)) throw new Error(`--until must be a fraction in (0, 1], got ${JSON.stringify(flags.until)}`);
  const config = engineConfig(flags);
  if (config.reviewScore !== undefined) throw new Error('the configuration already has a review_score: calibrate from one without it');
  const { txs, rejected } = await readTimeOrdered(file, flags);
  if (txs.length === 0) throw new Error(`${file}: no valid transactions${rejected ? ` (${rejected} rejected)` : ''}`);
  const end = Math.max(1, Math.floor(txs.length * until));
  const scorer = buildScorer(config);
  const scores = new Float64Array(end);
  const blocked = new Uint8Array(end);
  let before = 0;
  let blocks = 0;
  let n = 0;
  for (const i of firstOfEachId(end, (i) => txs[i])) {
    const d = scorer.score(txs[i]);
    scores[n] = d.score;
    if (d.decision !== 'ALLOW') before++;
    if (d.decision === 'BLOCK') (blocks++, (blocked[n] = 1));
    n++;
  }
  const history = scores.subarray(0, n);
  // Above 1 when the highest score is tied by more transactions than the budget: then nothing is
  // reviewed by score and only BLOCKs alert.
  const reviewScore = Math.max(1e-9, thresholdForRate(history, rate));
  let reached = 0;
  for (let i = 0; i < n; i++) if (history[i] >= reviewScore || blocked[i]) reached++;
  const base = flags.config ? readFileSync(flags.config, 'utf8').replace(/\s*$/, '\n') : '';
  writeFileSync(flags.out, `${base}# alert budget ${flags.alertRate} calibrated on the first ${n} transactions of ${file}\nreview_score: ${reviewScore}\n`);
  const per10k = (x: number): string => ((x / n) * 1e4).toFixed(1);
  return [
    `calibrated on ${n} transactions: as configured ${per10k(before)} alerts per 10,000 (${blocks} blocks)`,
    reviewScore > 1
      ? `alert budget ${(rate * 1e4).toFixed(1)} per 10,000 is smaller than the top score's tie: no review by score, only the ${per10k(blocks)} BLOCKs per 10,000 alert`
      : `alert budget ${(rate * 1e4).toFixed(1)} per 10,000 → review from risk score ${reviewScore}: ${per10k(reached)} per 10,000 on that history (ties are never split)`,
    `configuration written to ${flags.out} (use it with --config)`,
  ];
}

export function calibrateCommand(program: Command): void {
  addEngineOptions(addIngestOptions(program.command('calibrate').description('set the review score so the history is flagged at an alert budget (no labels)').argument('<file>')))
    .requiredOption('--alert-rate <rate>', 'alerts the team can work, e.g. 30/10000, 0.3% or 0.003')
    .option('--until <fraction>', 'calibrate on this first fraction of the file by time', '0.6')
    .requiredOption('--out <file>', 'configuration to write (the --config given, plus review_score)')
    .action(async (file: string, flags: CalibrateFlags) => {
      for (const line of await runCalibrate(file, flags)) process.stdout.write(line + '\n');
    });
}
