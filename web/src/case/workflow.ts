import type { CaseActionType, CaseOutcome, CaseSummary } from '../api/types';

/**
 * Which workflow buttons to show. The server's workflow (src/cases/workflow.ts) decides and sends,
 * with each case, the actions open to the caller now (`allowed_actions`) and the outcomes it may
 * close with (`close_outcomes`); the dashboard keeps no copy of the table.
 */

export type UiAction = CaseActionType | 'export';

export function allowedActions(c: CaseSummary): Set<UiAction> {
  return new Set((c.allowed_actions ?? []) as UiAction[]);
}

/** The outcomes the caller may close this case with (analysts: only false positive). */
export function closeOutcomes(c: CaseSummary): readonly CaseOutcome[] {
  return c.close_outcomes ?? [];
}
