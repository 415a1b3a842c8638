import type { Decision } from '../domain/decision.js';
import type { Outcome } from '../engine/pipeline.js';
import { presentReasons } from './shape.js';

/** The wire form of a decision (reasons in the one shape of shape.ts). */
export function presentDecision(d: Decision, duplicate?: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: d.id,
    score: Math.round(d.score * 10_000) / 10_000,
    decision: d.decision,
    reasons: presentReasons(d.reasons),
  };
  if (duplicate !== undefined) body.duplicate = duplicate;
  return body;
}

export function presentOutcome(o: Outcome): Record<string, unknown> {
  return presentDecision(o.decision, o.duplicate);
}
