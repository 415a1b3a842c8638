import { formatReason, type Decision } from '../domain/decision.js';
import type { Outcome } from '../engine/pipeline.js';

/** The wire form of a decision. */
export function presentDecision(d: Decision, duplicate?: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: d.id,
    score: Math.round(d.score * 10_000) / 10_000,
    decision: d.decision,
    reasons: d.reasons.map((r) => ({
      rule: r.rule,
      typology: r.typology,
      weight: r.weight,
      values: Object.fromEntries(r.values),
      text: formatReason(r),
    })),
  };
  if (duplicate !== undefined) body.duplicate = duplicate;
  return body;
}

export function presentOutcome(o: Outcome): Record<string, unknown> {
  return presentDecision(o.decision, o.duplicate);
}
