import { CASE_OUTCOMES, type CaseActionType, type CaseOutcome, type CaseState, type CaseSummary, type User } from '../api/types';

/**
 * Which workflow buttons to show: a mirror of the server's table (src/cases/workflow.ts). The
 * server decides; when it sends `allowed_actions` with the case, that list is used instead.
 */

const OPEN: readonly CaseState[] = ['new', 'assigned', 'investigating', 'escalated'];

type Rule = { analyst?: readonly CaseState[]; supervisor?: readonly CaseState[]; self: boolean };

const TABLE: Record<CaseActionType | 'export', Rule> = {
  assign: { analyst: ['new'], supervisor: ['new'], self: true },
  reassign: { supervisor: ['assigned', 'investigating', 'escalated'], self: true },
  investigate: { analyst: ['assigned'], supervisor: ['assigned'], self: true },
  escalate: { analyst: ['assigned', 'investigating'], supervisor: ['assigned', 'investigating'], self: true },
  close: { analyst: ['investigating'], supervisor: OPEN, self: true },
  reopen: { supervisor: ['closed'], self: true },
  comment: { analyst: [...OPEN, 'closed'], supervisor: [...OPEN, 'closed'], self: false },
  // The report route asks only for `cases.close` (analyst, supervisor), in any state.
  export: { analyst: [...OPEN, 'closed'], supervisor: [...OPEN, 'closed'], self: false },
};

export type UiAction = CaseActionType | 'export';

export function allowedActions(c: CaseSummary, user: User): Set<UiAction> {
  if (Array.isArray(c.allowed_actions)) {
    return new Set(c.allowed_actions.filter((a): a is UiAction => a in TABLE));
  }
  const out = new Set<UiAction>();
  const role = user.role;
  if (role !== 'analyst' && role !== 'supervisor') return out;
  for (const [action, rule] of Object.entries(TABLE) as Array<[UiAction, Rule]>) {
    const states = rule[role];
    if (!states || !states.includes(c.state)) continue;
    // An analyst works only the cases assigned to them (and assigns new ones to themself).
    if (role === 'analyst' && rule.self && action !== 'assign' && c.assignee !== user.username) continue;
    out.add(action);
  }
  return out;
}

/** The outcomes a role may close with: analysts only as false positive. */
export function closeOutcomes(user: User): readonly CaseOutcome[] {
  return user.role === 'supervisor' ? CASE_OUTCOMES : ['false_positive'];
}
