import { readFileSync } from 'node:fs';
import type { Decision, Verdict } from '../domain/decision.js';
import { featureSchema } from '../features/catalog.js';
import { builtinRuleDir } from '../rules/builtin.js';
import { RuleLoadError, type RuleProblem } from '../rules/errors.js';
import { listRuleFiles } from '../rules/load.js';
import { combineRuleFiles, compileRuleText, type FileRules } from '../rules/pack.js';
import { RuleSet } from '../rules/ruleset.js';
import type { EngineConfig } from './config.js';
import type { Scorer } from './scorer.js';

/**
 * Backtests: one history replayed through two configurations A and B, each with its own scorer
 * (its own state, computed once, in the history's order), compared decision by decision. Nothing
 * here stores a decision: the comparison is all a backtest produces.
 */

export type Side = 'A' | 'B';

/** A rule pack given as text (a what-if pack from the API or the dashboard), named for its errors. */
export interface RuleText {
  name: string;
  text: string;
}

/**
 * The rule set of a configuration: the built-in packs (unless switched off), the configured
 * rule files, then packs given as text. Every problem in every source is collected; any problem
 * throws one `RuleLoadError` naming source, line and column.
 */
export function loadRulesWith(config: EngineConfig, texts: readonly RuleText[] = []): RuleSet {
  const schema = featureSchema(config.features);
  const problems: RuleProblem[] = [];
  const compiled: FileRules[] = [];
  const paths = [...(config.builtinRules ? [builtinRuleDir()] : []), ...config.ruleFiles];
  for (const file of listRuleFiles(paths, problems)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file, line: 1, column: 1, message: `cannot read rule file: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    compiled.push(compileRuleText(text.replace(/^\uFEFF/, ''), file, schema, problems));
  }
  for (const t of texts) compiled.push(compileRuleText(t.text.replace(/^\uFEFF/, ''), t.name, schema, problems));
  const pack = combineRuleFiles(compiled, problems);
  if (problems.length > 0) throw new RuleLoadError(problems);
  return new RuleSet(pack);
}

/** Precision, recall and F1 of one detector (a rule firing, or an alert) against the labels. */
export interface Quality {
  precision: number;
  recall: number;
  f1: number;
}

/** Counts for one detector on both sides: a rule's hits, or the alerts (REVIEW or BLOCK) in total. */
export interface Comparison {
  a: number;
  b: number;
  /** Per 10,000 transactions in the reported range. */
  aPer10k: number;
  bPer10k: number;
  onlyA: number;
  onlyB: number;
  both: number;
  /** With labels only. */
  qualityA?: Quality;
  qualityB?: Quality;
}

export interface RuleComparison extends Comparison {
  rule: string;
}

export interface BacktestReport {
  /** Transactions compared (those in the reported range). */
  transactions: number;
  /** Labelled suspicious among them (undefined without labels). */
  positives?: number;
  /** Alerts (REVIEW or BLOCK) on each side. */
  alerts: Comparison;
  /** Transactions whose verdict or fired rules differ. */
  differing: number;
  /** Verdict pairs: "ALLOW→REVIEW" → count, for the transactions whose verdict differs. */
  transitions: Record<string, number>;
  /** Every rule that fired on either side, by id. */
  rules: RuleComparison[];
}

/** One transaction whose decisions differ between A and B. */
export interface DecisionDiff {
  id: string;
  decisionA: Verdict;
  decisionB: Verdict;
  scoreA: number;
  scoreB: number;
  reasonsA: Decision['reasons'];
  reasonsB: Decision['reasons'];
}

interface Counter {
  a: number;
  b: number;
  both: number;
  tpA: number;
  tpB: number;
}

const newCounter = (): Counter => ({ a: 0, b: 0, both: 0, tpA: 0, tpB: 0 });

function quality(tp: number, flagged: number, positives: number): Quality {
  const precision = flagged > 0 ? tp / flagged : 0;
  const recall = positives > 0 ? tp / positives : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

const firedRules = (d: Decision): Set<string> => new Set(d.reasons.map((r) => r.rule));

/**
 * Accumulates the comparison of two decisions per transaction. `keepDiffs` bounds the differing
 * decisions kept in memory (the CLI writes them all; the API keeps the first ones).
 */
export class BacktestTally {
  private transactions = 0;
  private positives = 0;
  private differing = 0;
  private readonly alerts = newCounter();
  private readonly rules = new Map<string, Counter>();
  private readonly transitions = new Map<string, number>();
  readonly diffs: DecisionDiff[] = [];

  constructor(
    private readonly labelled: boolean,
    private readonly keepDiffs = Infinity,
  ) {}

  /** Compares one transaction's decisions; `label` (1 suspicious, 0 not) only when labelled. */
  add(a: Decision, b: Decision, label?: 0 | 1): void {
    this.transactions++;
    const positive = label === 1;
    if (positive) this.positives++;
    count(this.alerts, a.decision !== 'ALLOW', b.decision !== 'ALLOW', positive);
    const ra = firedRules(a);
    const rb = firedRules(b);
    for (const id of new Set([...ra, ...rb])) {
      let c = this.rules.get(id);
      if (!c) this.rules.set(id, (c = newCounter()));
      count(c, ra.has(id), rb.has(id), positive);
    }
    const sameRules = ra.size === rb.size && [...ra].every((r) => rb.has(r));
    if (a.decision !== b.decision) {
      const k = `${a.decision}→${b.decision}`;
      this.transitions.set(k, (this.transitions.get(k) ?? 0) + 1);
    }
    if (a.decision === b.decision && sameRules) return;
    this.differing++;
    if (this.diffs.length < this.keepDiffs) {
      this.diffs.push({ id: a.id, decisionA: a.decision, decisionB: b.decision, scoreA: a.score, scoreB: b.score, reasonsA: a.reasons, reasonsB: b.reasons });
    }
  }

  report(): BacktestReport {
    const n = this.transactions;
    const positives = this.labelled ? this.positives : undefined;
    const compare = (c: Counter): Comparison => {
      const out: Comparison = {
        a: c.a, b: c.b, aPer10k: n ? (1e4 * c.a) / n : 0, bPer10k: n ? (1e4 * c.b) / n : 0,
        onlyA: c.a - c.both, onlyB: c.b - c.both, both: c.both,
      };
      if (positives !== undefined) {
        out.qualityA = quality(c.tpA, c.a, positives);
        out.qualityB = quality(c.tpB, c.b, positives);
      }
      return out;
    };
    const rules = [...this.rules].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([rule, c]) => ({ rule, ...compare(c) }));
    return {
      transactions: n, positives, alerts: compare(this.alerts), differing: this.differing,
      transitions: Object.fromEntries([...this.transitions].sort(([x], [y]) => (x < y ? -1 : 1))), rules,
    };
  }
}

function count(c: Counter, inA: boolean, inB: boolean, positive: boolean): void {
  if (inA) c.a++;
  if (inB) c.b++;
  if (inA && inB) c.both++;
  if (positive && inA) c.tpA++;
  if (positive && inB) c.tpB++;
}

/**
 * Both configurations' scorers, stepped together over one history: each transaction updates
 * A's state and B's state and is compared when it lies in the reported range. A repeated id keeps
 * its first decision and changes no state, as in the live engine.
 */
export class Backtest {
  private readonly seen = new Set<string>();
  readonly tally: BacktestTally;

  constructor(
    readonly a: Scorer,
    readonly b: Scorer,
    options: { labelled: boolean; keepDiffs?: number },
  ) {
    this.tally = new BacktestTally(options.labelled, options.keepDiffs);
  }

  step(tx: Parameters<Scorer['score']>[0], reported: boolean, label?: 0 | 1): void {
    if (this.seen.has(tx.id)) return;
    this.seen.add(tx.id);
    const da = this.a.score(tx);
    const db = this.b.score(tx);
    if (reported) this.tally.add(da, db, label);
  }
}

const f3 = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(3));

function qualityText(c: Comparison): string {
  if (!c.qualityA || !c.qualityB) return '';
  return `  A: P ${f3(c.qualityA.precision)} R ${f3(c.qualityA.recall)} F1 ${f3(c.qualityA.f1)}  B: P ${f3(c.qualityB.precision)} R ${f3(c.qualityB.recall)} F1 ${f3(c.qualityB.f1)}`;
}

/** Human lines: totals, verdict changes, one line per rule, then one machine-readable line. */
export function formatBacktest(r: BacktestReport): string[] {
  const t = r.alerts;
  const lines = [
    `backtest: ${r.transactions} transactions compared${r.positives !== undefined ? `, ${r.positives} labelled suspicious` : ''}; ${r.differing} with differing decisions`,
    `alerts   A ${t.a} (${t.aPer10k.toFixed(1)} per 10,000)  B ${t.b} (${t.bPer10k.toFixed(1)} per 10,000)  only A ${t.onlyA}  only B ${t.onlyB}  both ${t.both}${qualityText(t)}`,
  ];
  const moves = Object.entries(r.transitions);
  if (moves.length) lines.push(`verdict changes: ${moves.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.rules.length) lines.push('per rule (hits):');
  const width = Math.max(20, ...r.rules.map((x) => x.rule.length));
  for (const x of r.rules) {
    lines.push(
      `  ${x.rule.padEnd(width)} A ${x.a} (${x.aPer10k.toFixed(1)}/10k)  B ${x.b} (${x.bPer10k.toFixed(1)}/10k)  only A ${x.onlyA}  only B ${x.onlyB}  both ${x.both}${qualityText(x)}`,
    );
  }
  const q = t.qualityA && t.qualityB ? ` f1_a=${f3(t.qualityA.f1)} f1_b=${f3(t.qualityB.f1)}` : '';
  lines.push(
    `transactions=${r.transactions} alerts_a=${t.a} alerts_b=${t.b} only_a=${t.onlyA} only_b=${t.onlyB} both=${t.both} ` +
      `alerts_per_10k_a=${t.aPer10k.toFixed(1)} alerts_per_10k_b=${t.bPer10k.toFixed(1)} differing=${r.differing}${q}`,
  );
  return lines;
}
