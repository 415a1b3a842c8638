import { NEW_LINK_CYCLE_REASON, type Decision, type Reason, type Verdict } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { FeatureExtractor } from '../features/extractor.js';

/** What the rules (and later the model) give for one feature vector. */
export interface Evaluation {
  score: number;
  decision: Verdict;
  reasons: Reason[];
  /** A critical rule fired (a listed party, say): it blocks whatever a model says. */
  critical?: boolean;
  /** When a model decided: what the rules alone would have decided. */
  rules?: Verdict;
}

/** Work around each state update (e.g. the batch ring refresh that feeds ring features). */
export interface ScorerHooks {
  before(tx: Transaction): void;
  after(tx: Transaction): void;
}

export interface Evaluator {
  evaluate(features: Float64Array, tx: Transaction): Evaluation;
}

/**
 * Turns a transaction into a decision: update the live state and features, then evaluate.
 * Holds no idempotency or storage: the pipeline decides what reaches it, in which order.
 */
export class Scorer {
  private readonly lastVector: Float64Array;
  processed = 0;
  /** The rule set behind the evaluator, for listing rules and their hit counts. */
  rules?: { readonly rules: ReadonlyArray<{ id: string; version: number; description: { en: string; zh: string }; severity: string; weight: number }>; hitCounts(): Record<string, number> };

  constructor(
    readonly features: FeatureExtractor,
    readonly evaluator: Evaluator,
    readonly hooks?: ScorerHooks & { seconds?: number },
  ) {
    this.lastVector = features.newVector();
  }

  /**
   * Scores a transaction. `s` and `r`, when given, are its payer's and payee's dense ids in the
   * extractor's account interner (a batch run that interned its file's accounts once: see
   * `FeatureExtractor.applyDense`).
   */
  score(tx: Transaction, s = -1, r = -1): Decision {
    this.hooks?.before(tx);
    if (s >= 0) this.features.applyDense(tx, s, r, this.lastVector);
    else this.features.apply(tx, this.lastVector);
    this.hooks?.after(tx);
    this.processed++;
    const e = this.evaluator.evaluate(this.lastVector, tx);
    // A transfer flagged (by the decision, or by the rules where a model allowed it) that closed
    // a cycle of first-time links names the loop's accounts, so that the gang finder (and the
    // investigator) sees the whole cycle, not only this transfer's two ends. A loop the rules
    // flag is evidence of a ring even where the model allows the transfer: measured on AMLSim's
    // busy set, the model allowed 3 of 5 test cycles' closing transfers that the loop rule flagged.
    const flagged = e.decision !== 'ALLOW' || (e.rules !== undefined && e.rules !== 'ALLOW');
    const cycle = flagged ? this.features.lastCycle() : undefined;
    const reasons = cycle === undefined
      ? e.reasons
      : [...e.reasons, { rule: NEW_LINK_CYCLE_REASON, weight: 0, values: [['cycle_new_len', cycle.accounts.length]], accounts: cycle.accounts, transactions: cycle.transactions } satisfies Reason];
    return { id: tx.id, score: e.score, decision: e.decision, reasons };
  }

  /** Updates the state only (replay after a restart): decisions are already stored. */
  apply(tx: Transaction): void {
    this.hooks?.before(tx);
    this.features.apply(tx, this.lastVector);
    this.hooks?.after(tx);
    this.processed++;
  }

  /** The last transaction's feature vector (reused: copy it before the next call). */
  get vector(): Float64Array {
    return this.lastVector;
  }

  /** The feature vector of the last transaction, by name (for tests and explanations). */
  lastFeatures(): Record<string, number> {
    const out: Record<string, number> = {};
    this.features.names.forEach((n, i) => (out[n] = this.lastVector[i]));
    return out;
  }
}
