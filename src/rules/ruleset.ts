import type { Reason, Verdict } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { Predicate } from './compile.js';
import type { CompiledRule, RulePack, Severity, TypologyDefinition } from './spec.js';

/**
 * Evaluates compiled rules and typologies on one feature vector.
 *
 * - A typology's score is min(1, sum of the weights of its rules that fired); it asks for BLOCK
 *   from its block threshold, REVIEW from its review threshold, else ALLOW.
 * - A rule listed in no typology stands alone: its score is its weight and its verdict follows
 *   its severity (low: ALLOW, so it only explains; medium and high: REVIEW; critical: BLOCK).
 * - The overall score is the highest of those scores; the overall decision the most severe.
 * - One reason per fired rule, attributed to the typology where the rule weighs most, carrying
 *   the values of the numeric features the rule read; reasons are ordered by weight, then by
 *   rule order.
 */

export interface TypologyResult {
  id: string;
  score: number;
  decision: Verdict;
}

export interface RuleEvaluation {
  score: number;
  decision: Verdict;
  reasons: Reason[];
  /** The typologies at least one of whose rules fired, in definition order. */
  typologies: TypologyResult[];
  /** A critical rule fired (e.g. a listed party): it blocks whatever a model says. */
  critical?: boolean;
}

/** Thresholds are compared with this slack so 0.35 + 0.45 reaches 0.8 despite binary rounding. */
const EPSILON = 1e-9;
const RANK: Record<Verdict, number> = { ALLOW: 0, REVIEW: 1, BLOCK: 2 };
const STANDALONE_VERDICT: Record<Severity, Verdict> = { low: 'ALLOW', medium: 'REVIEW', high: 'REVIEW', critical: 'BLOCK' };

/** The answer when no rule fires: shared and frozen, so a quiet transaction allocates nothing. */
const QUIET: RuleEvaluation = Object.freeze({
  score: 0,
  decision: 'ALLOW',
  reasons: Object.freeze([]) as unknown as Reason[],
  typologies: Object.freeze([]) as unknown as TypologyResult[],
});

export function typologyVerdict(score: number, review: number, block: number | undefined): Verdict {
  if (block !== undefined && score >= block - EPSILON) return 'BLOCK';
  if (score >= review - EPSILON) return 'REVIEW';
  return 'ALLOW';
}

export class RuleSet {
  /** Enabled rules in evaluation order; `hits[i]` counts how often `rules[i]` fired. */
  readonly rules: readonly CompiledRule[];
  readonly ruleIds: readonly string[];
  /** Per-rule hit counters, indexed like `rules`. The engine may read or reset them. */
  readonly hits: Float64Array;
  readonly typologies: readonly TypologyDefinition[];
  /** Rules present in the files but switched off with `enabled: false`. */
  readonly disabled: readonly string[];
  readonly files: readonly string[];

  private readonly predicates: Predicate[];
  // Typology membership per rule, compressed: members of rule r are [memberStart[r], memberStart[r + 1]).
  private readonly memberStart: Int32Array;
  private readonly memberTypology: Int32Array;
  private readonly memberWeight: Float64Array;
  // Reason attribution per rule: the typology where it weighs most (-1: standalone) and that weight.
  private readonly reasonTypology: Int32Array;
  private readonly reasonWeight: Float64Array;
  // Scratch space reused by evaluate(); JavaScript runs one evaluate() at a time per RuleSet.
  private readonly fired: Int32Array;
  private readonly typologyScore: Float64Array;
  private readonly typologyTouched: Uint8Array;

  constructor(pack: RulePack) {
    const enabled = pack.rules.filter((r) => r.enabled);
    this.rules = enabled;
    this.ruleIds = enabled.map((r) => r.id);
    this.disabled = pack.rules.filter((r) => !r.enabled).map((r) => r.id);
    this.typologies = pack.typologies;
    this.files = pack.files;
    this.predicates = enabled.map((r) => r.predicate);
    this.hits = new Float64Array(enabled.length);
    this.fired = new Int32Array(enabled.length);
    this.typologyScore = new Float64Array(pack.typologies.length);
    this.typologyTouched = new Uint8Array(pack.typologies.length);

    const position = new Map(enabled.map((r, i) => [r.id, i]));
    const members: Array<Array<[typology: number, weight: number]>> = enabled.map(() => []);
    pack.typologies.forEach((t, ti) => {
      for (const m of t.rules) {
        const r = position.get(m.rule);
        if (r !== undefined) members[r].push([ti, m.weight]);
      }
    });
    const total = members.reduce((n, m) => n + m.length, 0);
    this.memberStart = new Int32Array(enabled.length + 1);
    this.memberTypology = new Int32Array(total);
    this.memberWeight = new Float64Array(total);
    this.reasonTypology = new Int32Array(enabled.length).fill(-1);
    this.reasonWeight = new Float64Array(enabled.length);
    let k = 0;
    members.forEach((list, r) => {
      this.memberStart[r] = k;
      let best = -1;
      for (const [ti, w] of list) {
        this.memberTypology[k] = ti;
        this.memberWeight[k++] = w;
        if (best < 0 || w > this.reasonWeight[r]) {
          best = ti;
          this.reasonWeight[r] = w;
        }
      }
      this.reasonTypology[r] = best;
      if (best < 0) this.reasonWeight[r] = enabled[r].weight;
    });
    this.memberStart[enabled.length] = k;
  }

  /** Scores one feature vector. When no rule fires the shared frozen quiet result is returned. */
  evaluate(features: Float64Array, tx: Transaction): RuleEvaluation {
    const { predicates, fired, hits } = this;
    let n = 0;
    for (let i = 0; i < predicates.length; i++) {
      if (predicates[i](features, tx)) {
        fired[n++] = i;
        hits[i]++;
      }
    }
    return n === 0 ? QUIET : this.explain(features, n);
  }

  private explain(features: Float64Array, n: number): RuleEvaluation {
    const { fired, typologyScore, typologyTouched } = this;
    let score = 0;
    let decision: Verdict = 'ALLOW';
    let critical = false;
    const reasons: Reason[] = [];
    for (let k = 0; k < n; k++) {
      const r = fired[k];
      const start = this.memberStart[r];
      const end = this.memberStart[r + 1];
      for (let m = start; m < end; m++) {
        typologyScore[this.memberTypology[m]] += this.memberWeight[m];
        typologyTouched[this.memberTypology[m]] = 1;
      }
      const rule = this.rules[r];
      if (rule.severity === 'critical') critical = true;
      if (start === end) {
        score = Math.max(score, rule.weight);
        decision = worse(decision, STANDALONE_VERDICT[rule.severity]);
      }
      const reason: Reason = { rule: rule.id, weight: this.reasonWeight[r], values: rule.reads.map((f) => [f.name, features[f.index]]) };
      const t = this.reasonTypology[r];
      if (t >= 0) reason.typology = this.typologies[t].id;
      if (rule.evidence === 'party') reason.evidence = 'party';
      reasons.push(reason);
    }
    const typologies: TypologyResult[] = [];
    for (let t = 0; t < typologyTouched.length; t++) {
      if (typologyTouched[t] === 0) continue;
      const def = this.typologies[t];
      const s = Math.min(1, typologyScore[t]);
      const d = typologyVerdict(s, def.review, def.block);
      typologies.push({ id: def.id, score: s, decision: d });
      score = Math.max(score, s);
      decision = worse(decision, d);
      typologyScore[t] = 0;
      typologyTouched[t] = 0;
    }
    // Stable sort: equal weights keep rule order.
    if (reasons.length > 1) reasons.sort((a, b) => b.weight - a.weight);
    return { score, decision, reasons, typologies, critical };
  }

  /** Hit counts by rule id (a copy). */
  hitCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    this.ruleIds.forEach((id, i) => (out[id] = this.hits[i]));
    return out;
  }

  resetHits(): void {
    this.hits.fill(0);
  }
}

function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[b] > RANK[a] ? b : a;
}
