import type { Case, CaseAuditEvent, StoredCaseEvent } from './case.js';
import type { CaseStore } from './store-port.js';
import { applyAction, type Actor, type CaseAction } from './workflow.js';

/**
 * One workflow action against a store: read the case, apply the action (workflow.ts decides
 * whether it is allowed), and write the changed case with its history entry atomically. The write
 * carries the case's version, so an action on a case someone else changed meanwhile fails with a
 * CaseConflictError instead of overwriting their change.
 */

export interface PerformedAction {
  case: Case;
  event: StoredCaseEvent;
  /** What to append to the audit log (with the actor). */
  audit: CaseAuditEvent;
}

/** Performs `action`; undefined when the case does not exist. Throws WorkflowError when refused. */
export async function performAction(
  store: CaseStore, caseId: string, action: CaseAction, actor: Actor, at: Date,
): Promise<PerformedAction | undefined> {
  const current = await store.getCase(caseId);
  if (!current) return undefined;
  const result = applyAction(current, action, actor, at);
  const [event] = await store.commit({ cases: [result.case], events: [result.event] });
  return { case: result.case, event, audit: result.audit };
}
