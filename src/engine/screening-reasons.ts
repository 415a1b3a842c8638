import type { Reason } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import type { Evaluation, Evaluator } from './scorer.js';

/**
 * Names the list entry in the reasons of rules that read a counterparty screening score: a reason
 * with `to_screen_score` among its values gets `to_screen_entry` (`list:list_id`) beside it, and
 * likewise for the payer. Evaluations that fired no such rule pass through untouched.
 */
export class ScreeningReasons implements Evaluator {
  constructor(private readonly inner: Evaluator, private readonly last: { readonly from?: string; readonly to?: string }) {}

  evaluate(features: Float64Array, tx: Transaction): Evaluation {
    const e = this.inner.evaluate(features, tx);
    if (e.reasons.length === 0 || (tx.from_name === undefined && tx.to_name === undefined)) return e;
    let changed = false;
    const reasons = e.reasons.map((r): Reason => {
      const extra: Array<[string, string]> = [];
      for (const [name] of r.values) {
        if (name === 'from_screen_score' && this.last.from !== undefined) extra.push(['from_screen_entry', this.last.from]);
        if (name === 'to_screen_score' && this.last.to !== undefined) extra.push(['to_screen_entry', this.last.to]);
      }
      if (extra.length === 0) return r;
      changed = true;
      return { ...r, values: [...r.values, ...extra] };
    });
    return changed ? { ...e, reasons } : e;
  }
}
