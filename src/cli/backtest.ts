import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { BufferedFile } from './buffered-file.js';
import { csvCell } from '../domain/csv-cell.js';
import { formatReasons } from '../domain/decision.js';
import { parseIsoUtc } from '../domain/time.js';
import type { Transaction } from '../domain/transaction.js';
import { Backtest, formatBacktest, type BacktestReport, type DecisionDiff } from '../engine/backtest.js';
import type { EngineConfig } from '../engine/config.js';
import { readLabelled } from '../engine/labelled.js';
import { buildScorer } from '../engine/runtime.js';
import { formatRejection, ProgressBar, readTransactions, type Rejection } from '../ingest/index.js';
import { addIngestOptions, engineConfig, ingestOptions, type IngestFlags } from './options.js';

export interface BacktestFlags extends IngestFlags {
  config?: string;
  window?: string;
  rules?: string[];
  aRules?: string[];
  bRules?: string[];
  builtinRules?: boolean;
  baseCurrency?: string;
  model?: string;
  aModel?: string;
  bModel?: string;
  label?: string;
  from?: string;
  to?: string;
  out?: string;
  quiet?: boolean;
}

interface Row {
  tx: Transaction;
  label?: 0 | 1;
}

/**
 * The two configurations. `--rules X` once: A is the baseline (built-in packs unless
 * `--no-builtin-rules`, `--config`, `--model`), B the baseline plus X. `--rules X --rules Y`: A is
 * the baseline plus X, B the baseline plus Y. `--a-rules`/`--b-rules` (repeatable) name each
 * side's files explicitly; `--a-model`/`--b-model` give each side its own model.
 */
export function backtestConfigs(flags: BacktestFlags): { a: EngineConfig; b: EngineConfig } {
  const base = engineConfig({ config: flags.config, window: flags.window, builtinRules: flags.builtinRules, baseCurrency: flags.baseCurrency, model: flags.model });
  const rules = flags.rules ?? [];
  const explicit = flags.aRules !== undefined || flags.bRules !== undefined;
  if (explicit && rules.length > 0) throw new Error('--rules: give either --rules (once or twice) or --a-rules/--b-rules, not both');
  if (rules.length > 2) throw new Error(`--rules: at most twice (A, then B), got ${rules.length}; use --a-rules/--b-rules for several files per side`);
  const aFiles = explicit ? (flags.aRules ?? []) : rules.length === 2 ? [rules[0]] : [];
  const bFiles = explicit ? (flags.bRules ?? []) : rules.length === 2 ? [rules[1]] : rules.slice(0, 1);
  const side = (files: string[], model: string | undefined): EngineConfig => {
    const c = structuredClone(base);
    c.ruleFiles.push(...files);
    if (model !== undefined) c.modelFile = model;
    return c;
  };
  const a = side(aFiles, flags.aModel);
  const b = side(bFiles, flags.bModel);
  if (JSON.stringify(a.ruleFiles) === JSON.stringify(b.ruleFiles) && a.modelFile === b.modelFile) {
    throw new Error('--rules: configurations A and B are the same; name what B changes (--rules B, --a-rules/--b-rules or --a-model/--b-model)');
  }
  return { a, b };
}

function parseBound(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const t = parseIsoUtc(text);
  if (typeof t !== 'number') throw new Error(`${flag}: ${t}`);
  return t;
}

async function readRows(file: string, flags: BacktestFlags): Promise<Row[]> {
  const bar = new ProgressBar({ totalBytes: file === '-' ? undefined : statSync(file).size, label: 'read' });
  let rejected: Rejection[] = [];
  let rows: Row[] = [];
  if (flags.label !== undefined) {
    const r = await readLabelled(file, ingestOptions(flags), { label: flags.label }, (b, n) => bar.update(b, n));
    rows = r.rows.map((x) => ({ tx: x.tx, label: x.label }));
    rejected = r.rejected;
  } else {
    for await (const batch of readTransactions(file, ingestOptions(flags))) {
      for (const a of batch.accepted) rows.push({ tx: a.tx });
      rejected.push(...batch.rejected);
      bar.update(batch.bytesRead, rows.length + rejected.length);
    }
    // Features are defined over event time: replay in time order, ties in file order (stable sort).
    rows.sort((x, y) => x.tx.time - y.tx.time);
  }
  bar.finish();
  if (!flags.quiet) {
    for (const r of rejected.slice(0, 20)) process.stderr.write(`ringwatch: rejected ${formatRejection(r)}\n`);
    if (rejected.length > 20) process.stderr.write(`ringwatch: … and ${rejected.length - 20} more rejected rows\n`);
  }
  if (rows.length === 0) throw new Error(`${file}: no valid transactions`);
  return rows;
}

/** Writes the differing decisions: id, verdict and score on each side, and each side's reasons. */
function writeDiffs(path: string, diffs: readonly DecisionDiff[]): void {
  const out = new BufferedFile(path);
  try {
    out.write('id,decision_a,decision_b,score_a,score_b,reasons_a,reasons_b\n');
    const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
    for (const d of diffs) {
      out.write(`${csvCell(d.id)},${d.decisionA},${d.decisionB},${r4(d.scoreA)},${r4(d.scoreB)},${csvCell(formatReasons(d.reasonsA))},${csvCell(formatReasons(d.reasonsB))}\n`);
    }
  } finally {
    out.close();
  }
}

/** `ringwatch backtest FILE`: replays the file through A and B, compares, optionally writes the differences. */
export async function runBacktest(file: string, flags: BacktestFlags): Promise<{ report: BacktestReport; lines: string[] }> {
  const { a, b } = backtestConfigs(flags);
  const from = parseBound(flags.from, '--from');
  const to = parseBound(flags.to, '--to');
  if (from !== undefined && to !== undefined && to <= from) throw new Error('--to: must be after --from');
  const backtest = new Backtest(buildScorer(a), buildScorer(b), { labelled: flags.label !== undefined });
  const rows = await readRows(file, flags);
  const bar = new ProgressBar({ totalBytes: rows.length, label: 'backtest' });
  for (let i = 0; i < rows.length; i++) {
    const { tx, label } = rows[i];
    const reported = (from === undefined || tx.time >= from) && (to === undefined || tx.time < to);
    backtest.step(tx, reported, label);
    if ((i & 8191) === 0) bar.update(i, i);
  }
  bar.finish();
  if (flags.out) writeDiffs(flags.out, backtest.tally.diffs);
  const report = backtest.tally.report();
  const describe = (c: EngineConfig, model: string | undefined): string =>
    `${c.builtinRules ? 'built-in rules' : 'no built-in rules'}${c.ruleFiles.length ? ` + ${c.ruleFiles.join(', ')}` : ''}${model ? `, model ${model}` : ''}`;
  const lines = [`A: ${describe(a, a.modelFile)}`, `B: ${describe(b, b.modelFile)}`, ...formatBacktest(report)];
  if (report.transactions === 0) {
    const span = `${new Date(rows[0].tx.time).toISOString()} to ${new Date(rows[rows.length - 1].tx.time).toISOString()}`;
    lines.splice(2, 0, `note: no transaction lies in --from/--to; the file spans ${span}`);
  }
  return { report, lines };
}

const repeat = (v: string, acc: string[] = []): string[] => [...acc, v];

export function backtestCommand(program: Command): void {
  addIngestOptions(
    program
      .command('backtest')
      .description('replay a history through two configurations (A and B) and compare their decisions per rule and in total; nothing is stored')
      .argument('<file>', 'input file (- for standard input)'),
  )
    .option('--config <file>', 'engine configuration for both sides (JSON or YAML)')
    .option('--window <list>', 'feature windows for both sides, e.g. 1h,24h,7d,30d')
    .option('--rules <path>', 'rule file or folder: once = B adds it to the baseline A; twice = A adds the first, B the second', repeat)
    .option('--a-rules <path>', 'rule file or folder added to A only (repeatable)', repeat)
    .option('--b-rules <path>', 'rule file or folder added to B only (repeatable)', repeat)
    .option('--no-builtin-rules', 'neither side loads the built-in rule packs')
    .option('--base-currency <code>', 'currency of money features and thresholds')
    .option('--model <file>', 'trained model for both sides')
    .option('--a-model <file>', 'trained model for A only')
    .option('--b-model <file>', 'trained model for B only')
    .option('--label <column>', 'label column (1/0, true/false, yes/no): adds precision, recall and F1')
    .option('--from <iso>', 'compare transactions from this time on (earlier ones still build the state)')
    .option('--to <iso>', 'compare transactions before this time')
    .option('--out <file>', 'write the differing decisions: id,decision_a,decision_b,score_a,score_b,reasons_a,reasons_b')
    .option('--quiet', 'no rejection lines')
    .action(async (file: string, flags: BacktestFlags) => {
      const { lines } = await runBacktest(file, flags);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
