import type { Decision, Verdict } from './decision.js';
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
