import type { Decision, Reason, Verdict } from './decision.js';
import type { Transaction } from './transaction.js';

/** A transaction with the decision made for it. */
export interface ScoredTransaction {
  tx: Transaction;
  decision: Decision;
  /**
   * Its place in the source's order when that is not the order of commits (a stream's sequence
   * number, with several workers committing): stores keep replay in this order.
   */
  position?: number;
}

/**
 * A stored transfer as a reader of the log on from a place needs it (the ring finder): who paid
 * whom, when, how much, where, and the decision with its reasons — not the identifiers, party
 * types and free text a full transaction carries. Stores read only these columns: a full row
 * costs about five times as much to read back (measured on SQLite, 518,112 rows: 2.0 s against 0.4 s
 * for these columns as arrays).
 */
export interface DecidedTransfer {
  tx: Pick<Transaction, 'id' | 'time' | 'from' | 'to' | 'amount' | 'currency' | 'channel' | 'country'>;
  decision: { score: number; decision: Verdict; reasons: readonly Reason[] };
}

/** The reasons of a decision without any (most of them), shared rather than parsed per row. */
export const NO_REASONS: readonly Reason[] = Object.freeze([]);

/** A decision that needs a person (REVIEW or BLOCK), with its transaction's main fields. */
export interface Alert {
  seq: number;
  transaction_id: string;
  time: string;
  from: string;
  to: string;
  amount: number;
  currency: string;
  score: number;
  decision: Verdict;
  reasons: Decision['reasons'];
}

/** An alert's place in the alert log and its transaction. */
export type AlertRef = Pick<Alert, 'seq' | 'transaction_id'>;

/** Reviews and blocks become alerts. */
export function isAlert(d: Decision): boolean {
  return d.decision !== 'ALLOW';
}
