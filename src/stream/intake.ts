import type { Verdict } from '../domain/decision.js';
import type { FieldError, Transaction, Validated } from '../domain/transaction.js';
import { IdempotencyConflictError, InvalidTransactionError } from '../domain/transaction-check.js';
import type { Outcome } from '../engine/pipeline.js';
import { DecisionTimeoutError } from './decision-timeout.js';

/**
 * Whatever turns a validated transaction into a durable decision: the in-process pipeline, or
 * the stream submitter (publish to NATS JetStream, wait for a worker's durable decision).
 */
export interface Submitter {
  submit(tx: Transaction): Promise<Outcome>;
}

/** The counters an intake keeps (the server's Metrics has this shape; the CLI keeps its own). */
export interface IntakeMetrics {
  decided(v: Verdict, duplicate: boolean): void;
  rejected: number;
}

/** What became of one incoming record. */
export type Settled =
  | { ok: true; outcome: Outcome }
  /**
   * Refused: 400 for a bad record, 409 for an id already used for other content (nothing was
   * applied); or 504: in the stream, but not decided within the submitter's timeout.
   */
  | { ok: false; status: 400 | 409 | 504; errors: FieldError[]; cause?: InvalidTransactionError | IdempotencyConflictError | DecisionTimeoutError };

/**
 * The one loop from incoming records to decisions, shared by HTTP, files and the stream: each
 * record validated (by its source, which knows its format) is submitted; the records of one
 * call are submitted in their order, so the state advances in that order and they share group
 * commits; the outcomes come back in the same order, refusals named by field, and the
 * metrics count each once. Errors other than a refusal (a failed commit) are thrown.
 */
export async function settle(records: readonly Validated[], target: Submitter, metrics?: IntakeMetrics): Promise<Settled[]> {
  const out: Array<Settled | undefined> = new Array(records.length);
  const pending: Array<{ index: number; outcome: Promise<Outcome> }> = [];
  records.forEach((r, index) => {
    if (!r.ok) out[index] = { ok: false, status: 400, errors: r.errors };
    else pending.push({ index, outcome: target.submit(r.tx) });
  });
  const results = await Promise.allSettled(pending.map((p) => p.outcome));
  let failure: unknown;
  results.forEach((s, k) => {
    const index = pending[k].index;
    if (s.status === 'fulfilled') out[index] = { ok: true, outcome: s.value };
    else if (s.reason instanceof InvalidTransactionError) out[index] = { ok: false, status: 400, errors: [...s.reason.errors], cause: s.reason };
    else if (s.reason instanceof IdempotencyConflictError) out[index] = { ok: false, status: 409, errors: [...s.reason.errors], cause: s.reason };
    else if (s.reason instanceof DecisionTimeoutError) out[index] = { ok: false, status: 504, errors: s.reason.body().errors as FieldError[], cause: s.reason };
    else failure ??= s.reason;
  });
  if (failure !== undefined) throw failure;
  const settled = out as Settled[];
  if (metrics) {
    for (const s of settled) {
      if (s.ok) metrics.decided(s.outcome.decision.decision, s.outcome.duplicate);
      else if (s.status !== 504) metrics.rejected++;
    }
  }
  return settled;
}

/** One record through the loop (the single-transaction HTTP route). */
export async function settleOne(record: Validated, target: Submitter, metrics?: IntakeMetrics): Promise<Settled> {
  const [s] = await settle([record], target, metrics);
  return s;
}

/** Counters for a command that has no server metrics: verdicts, duplicates and refusals. */
export class IntakeCounts implements IntakeMetrics {
  readonly verdicts: Record<Verdict, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  duplicates = 0;
  rejected = 0;

  decided(v: Verdict, duplicate: boolean): void {
    this.verdicts[v]++;
    if (duplicate) this.duplicates++;
  }
}
