import type { Command } from 'commander';
import { statSync } from 'node:fs';
import type { Verdict } from '../domain/decision.js';
import { evaluate, formatEvaluation } from '../engine/evaluation.js';
import { parseSplit, readLabelled, type LabelledRow } from '../engine/labelled.js';
import type { EngineConfig } from '../engine/config.js';
import { buildScorer } from '../engine/runtime.js';
import type { Scorer } from '../engine/scorer.js';
import { formatRejection, ProgressBar, type Rejection } from '../ingest/index.js';
import { addEngineOptions, addIngestOptions, engineConfig, ingestOptions, type EngineFlags, type IngestFlags } from './options.js';

export interface LabelFlags extends EngineFlags, IngestFlags {
  label?: string;
  pattern?: string;
  instance?: string;
  quiet?: boolean;
}

/** Reads a labelled file with a progress bar; rejections (first 20) to stderr. */
export async function readLabelledFile(file: string, flags: LabelFlags): Promise<LabelledRow[]> {
  if (flags.label === undefined) throw new Error('--label is required: the column holding 1/0, true/false or yes/no');
  const label = flags.label;
  const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
  const { rows, rejected } = await readLabelled(file, ingestOptions(flags), { label, pattern: flags.pattern, instance: flags.instance }, (b, n) =>
    bar.update(b, n),
  );
  bar.finish();
  reportRejections(rejected, flags.quiet);
  if (rows.length === 0) throw new Error(`${file}: no valid labelled transactions`);
  return rows;
}

function reportRejections(rejected: readonly Rejection[], quiet?: boolean): void {
  if (quiet || rejected.length === 0) return;
  for (const r of rejected.slice(0, 20)) process.stderr.write(`ringwatch: rejected ${formatRejection(r)}\n`);
  if (rejected.length > 20) process.stderr.write(`ringwatch: … and ${rejected.length - 20} more rejected rows\n`);
}

/**
 * Streams every row through the scorer in time order (history for the features) and returns
 * score and verdict of each row from `from` on. A repeated id keeps its first decision and
 * changes no feature, as in the live engine.
 */
export function streamScores(rows: readonly LabelledRow[], scorer: Scorer, from: number): { scores: Float64Array; decisions: Verdict[] } {
  const scores = new Float64Array(rows.length - from);
  const decisions: Verdict[] = new Array(rows.length - from);
  const seen = new Map<string, [number, Verdict]>();
  const bar = new ProgressBar({ totalBytes: rows.length, label: 'score' });
  for (let i = 0; i < rows.length; i++) {
    const tx = rows[i].tx;
    let d = seen.get(tx.id);
    if (!d) {
      const decision = scorer.score(tx);
      d = [decision.score, decision.decision];
      seen.set(tx.id, d);
    }
    if (i >= from) {
      scores[i - from] = d[0];
      decisions[i - from] = d[1];
    }
    if ((i & 16383) === 0) bar.update(i, i);
  }
  bar.finish();
  return { scores, decisions };
}

export async function runEvaluate(file: string, flags: LabelFlags & { split: string }): Promise<string[]> {
  const config = engineConfig(flags);
  const { validEnd } = parseSplit(flags.split);
  const rows = await readLabelledFile(file, flags);
  const from = Math.floor(rows.length * validEnd);
  const modes: Array<[string, EngineConfig]> = [['rules', { ...config, modelFile: undefined }]];
  if (config.modelFile) modes.push(['model', config]);
  const lines: string[] = [];
  for (const [mode, c] of modes) {
    const { scores, decisions } = streamScores(rows, buildScorer(c), from);
    lines.push(...formatEvaluation(evaluate(rows.slice(from), scores, decisions), mode));
  }
  return lines;
}

export function labelOptions(cmd: Command): Command {
  return cmd
    .option('--label <column>', 'label column: 1/0 (or 1.0/0.0), true/false or yes/no (required, except for train --unsupervised)')
    .option('--pattern <column>', 'column naming the pattern of a labelled transaction')
    .option('--instance <column>', 'column naming the pattern instance')
    .option('--quiet', 'no rejection lines');
}

export function evaluateCommand(program: Command): void {
  addEngineOptions(
    labelOptions(addIngestOptions(program.command('evaluate').description('score a labelled file in time order and report detection quality on its last part').argument('<file>'))),
  )
    .option('--split <fractions>', 'train,validation,test fractions by time; the last part is reported', '0.6,0.2,0.2')
    .action(async (file: string, flags: LabelFlags & { split: string }) => {
      for (const line of await runEvaluate(file, flags)) process.stdout.write(line + '\n');
    });
}
