import { can, type Permission } from '../security/permissions.js';
import type { Role } from '../security/roles.js';
import {
  CASE_OUTCOMES, isCaseOutcome, isoTime, type AttachmentMeta, type Case, type CaseAuditEvent, type CaseEvent, type CaseEventData,
  type CaseOutcome, type CaseState,
} from './case.js';
import { isSha256Hex, sha256Hex } from './hash.js';

/**
 * The case workflow: new → assigned → investigating → escalated → closed (with an outcome), and
 * who may do what. {@link WORKFLOW} is the one table; {@link applyAction} checks an action against
 * it and returns the changed case, the history entry and the audit description.
 *
 * Roles and permissions come from security/roles.ts and security/permissions.ts: an action needs
 * its permission (`cases.work` or `cases.close`) and, on top, the table says which of the roles
 * holding it may act from which states. An analyst acts only on cases assigned to them (and may
 * assign a new case only to themself); a supervisor may act on any case. The admin acts with a
 * supervisor's rights (so the first user of an installation can work a case end to end); auditors
 * and machine clients work no case.
 */

export const CASE_ACTIONS = Object.freeze(['assign', 'reassign', 'investigate', 'escalate', 'close', 'reopen', 'comment', 'attach', 'export'] as const);
export type CaseActionType = (typeof CASE_ACTIONS)[number];

export type CaseAction =
  | { type: 'assign'; assignee: string; note?: string }
  | { type: 'reassign'; assignee: string; note?: string }
  | { type: 'investigate'; note?: string }
  | { type: 'escalate'; note?: string }
  | { type: 'close'; outcome: CaseOutcome; note?: string }
  | { type: 'reopen'; note?: string }
  | { type: 'comment'; text: string }
  | { type: 'attach'; attachment: AttachmentMeta; note?: string }
  | { type: 'export'; format: string; sha256: string; note?: string };

/** Who acts: a user name and a role. */
export interface Actor {
  id: string;
  role: Role | string;
}

/** Roles the workflow knows beyond the permission check. */
type WorkRole = 'analyst' | 'supervisor';

export interface ActionRule {
  permission: Permission;
  /** For each role allowed to act, the states it may act from. */
  from: Readonly<Partial<Record<WorkRole, readonly CaseState[]>>>;
  /** The state after the action; 'same' keeps it; 'reopen' is assigned (with an assignee) or new. */
  to: CaseState | 'same' | 'reopen';
  /** For `close`: the outcomes each role may choose. */
  outcomes?: Readonly<Partial<Record<WorkRole, readonly CaseOutcome[]>>>;
  /** An analyst must be the case's assignee (or, for assign, assign to themself). */
  analystSelf: boolean;
}

const OPEN_STATES: readonly CaseState[] = Object.freeze(['new', 'assigned', 'investigating', 'escalated'] as const);
const ALL_STATES: readonly CaseState[] = Object.freeze([...OPEN_STATES, 'closed'] as const);

function frozen<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v as object)) frozen(x);
    Object.freeze(v);
  }
  return v;
}

/** The transition table: who may do what, from which states, to which state. */
export const WORKFLOW: Readonly<Record<CaseActionType, ActionRule>> = frozen({
  assign: { permission: 'cases.work', from: { analyst: ['new'], supervisor: ['new'] }, to: 'assigned', analystSelf: true },
  reassign: { permission: 'cases.work', from: { supervisor: ['assigned', 'investigating', 'escalated'] }, to: 'same', analystSelf: true },
  investigate: { permission: 'cases.work', from: { analyst: ['assigned'], supervisor: ['assigned'] }, to: 'investigating', analystSelf: true },
  escalate: {
    permission: 'cases.work', from: { analyst: ['assigned', 'investigating'], supervisor: ['assigned', 'investigating'] }, to: 'escalated', analystSelf: true,
  },
  close: {
    permission: 'cases.close',
    from: { analyst: ['investigating'], supervisor: OPEN_STATES },
    to: 'closed',
    outcomes: { analyst: ['false_positive'], supervisor: CASE_OUTCOMES },
    analystSelf: true,
  },
  reopen: { permission: 'cases.close', from: { supervisor: ['closed'] }, to: 'reopen', analystSelf: true },
  comment: { permission: 'cases.work', from: { analyst: ALL_STATES, supervisor: ALL_STATES }, to: 'same', analystSelf: false },
  attach: { permission: 'cases.work', from: { analyst: OPEN_STATES, supervisor: OPEN_STATES }, to: 'same', analystSelf: false },
  // A regulatory report (GET /v1/cases/{id}/report) may be drafted in any state, as the route allows.
  export: { permission: 'cases.export', from: { analyst: ALL_STATES, supervisor: ALL_STATES }, to: 'same', analystSelf: false },
});

export type WorkflowErrorCode = 'forbidden' | 'invalid_state' | 'invalid_input';

export class WorkflowError extends Error {
  constructor(readonly code: WorkflowErrorCode, message: string, readonly state: CaseState, readonly action: string) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export interface WorkflowResult {
  case: Case;
  event: CaseEvent;
  audit: CaseAuditEvent;
}

const MAX_NOTE = 4000;
const MAX_COMMENT = 20_000;
const MAX_NAME = 255;
const MAX_USER = 256;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i;

/** The workflow column a role acts under: the admin under the supervisor's. */
function workRole(role: string): WorkRole | undefined {
  return role === 'analyst' || role === 'supervisor' ? role : role === 'admin' ? 'supervisor' : undefined;
}

/** The outcomes `role` may close a case with (none for roles that close nothing). */
export function closeOutcomes(role: string): readonly CaseOutcome[] {
  const r = workRole(role);
  return r && can(role, WORKFLOW.close.permission) ? WORKFLOW.close.outcomes?.[r] ?? [] : [];
}

function list(xs: readonly string[]): string {
  return xs.length ? xs.join(', ') : 'nowhere';
}

/**
 * Why `actor` may not perform `type` on `c`, or undefined when allowed. Checks, in order: the
 * permission, the role, the state, then the action's own constraints (self, outcome).
 */
export function refusal(c: Case, action: CaseAction, actor: Actor): WorkflowError | undefined {
  const type = action.type;
  const rule = Object.hasOwn(WORKFLOW, type) ? (WORKFLOW as Record<string, ActionRule | undefined>)[type] : undefined;
  const at = `case ${c.id} in state "${c.state}"`;
  if (!rule) return new WorkflowError('invalid_input', `unknown action ${JSON.stringify(type)} on ${at}`, c.state, String(type));
  if (!can(actor.role, rule.permission)) {
    return new WorkflowError('forbidden', `role ${actor.role} may not ${type} ${at}: it lacks permission ${rule.permission}`, c.state, type);
  }
  const role = workRole(actor.role);
  const states = role ? rule.from[role] : undefined;
  if (!role || !states) {
    const who = Object.keys(rule.from).join(' or ');
    return new WorkflowError('forbidden', `role ${actor.role} may not ${type} ${at}: only ${who} may`, c.state, type);
  }
  if (!states.includes(c.state)) {
    return new WorkflowError('invalid_state', `cannot ${type} ${at}: ${role} may ${type} only from ${list(states)}`, c.state, type);
  }
  if (role === 'analyst' && rule.analystSelf) {
    if (type === 'assign' && action.assignee !== actor.id) {
      return new WorkflowError('forbidden', `analyst ${actor.id} may assign ${at} only to themself, not to ${action.assignee}`, c.state, type);
    }
    if (type !== 'assign' && c.assignee !== actor.id) {
      return new WorkflowError('forbidden', `analyst ${actor.id} may not ${type} ${at}: it is assigned to ${c.assignee ?? 'nobody'}`, c.state, type);
    }
  }
  if (type === 'close') {
    if (!isCaseOutcome(action.outcome)) {
      return new WorkflowError('invalid_input', `cannot close ${at}: outcome must be one of ${CASE_OUTCOMES.join(', ')}`, c.state, type);
    }
    const allowed = rule.outcomes?.[role] ?? [];
    if (!allowed.includes(action.outcome)) {
      return new WorkflowError('forbidden', `${role} may not close ${at} as ${action.outcome}: ${role} may close only as ${list(allowed)}`, c.state, type);
    }
  }
  return undefined;
}

/** Whether `actor` may perform `action` on `c` now. */
export function canPerform(c: Case, action: CaseAction, actor: Actor): boolean {
  return refusal(c, action, actor) === undefined;
}

/**
 * The action types `actor` may start on `c` (ignoring per-action inputs: an analyst's `assign` is
 * listed meaning "to themself", `close` when at least one outcome is open to the role).
 */
export function allowedActions(c: Case, actor: Actor): CaseActionType[] {
  return CASE_ACTIONS.filter((type) => {
    const rule = WORKFLOW[type];
    const role = workRole(actor.role);
    if (!role || !can(actor.role, rule.permission) || !rule.from[role]?.includes(c.state)) return false;
    if (role === 'analyst' && rule.analystSelf && type !== 'assign' && c.assignee !== actor.id) return false;
    return true;
  });
}

function text(value: unknown, field: string, max: number, c: Case, type: string, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) throw new WorkflowError('invalid_input', `cannot ${type} case ${c.id} in state "${c.state}": ${field} is required`, c.state, type);
    return null;
  }
  if (typeof value !== 'string') throw new WorkflowError('invalid_input', `cannot ${type} case ${c.id} in state "${c.state}": ${field} must be a string`, c.state, type);
  const s = value.trim();
  if (s.length > max) throw new WorkflowError('invalid_input', `cannot ${type} case ${c.id} in state "${c.state}": ${field} is longer than ${max} characters`, c.state, type);
  return s;
}

/** Validated attachment metadata (the SHA-256 lower-cased); throws a WorkflowError naming the bad field. */
export function checkAttachment(a: AttachmentMeta, c: Case): AttachmentMeta {
  const bad = (msg: string): never => {
    throw new WorkflowError('invalid_input', `cannot attach to case ${c.id} in state "${c.state}": ${msg}`, c.state, 'attach');
  };
  if (a === null || typeof a !== 'object') return bad('attachment must be an object');
  const name = text(a.name, 'attachment.name', MAX_NAME, c, 'attach', true) as string;
  if (/[\\/\u0000-\u001f]/.test(name)) bad('attachment.name must be a file name without a path or control characters');
  if (!Number.isSafeInteger(a.size) || a.size < 0) bad('attachment.size must be a whole number of bytes ≥ 0');
  const sha256 = typeof a.sha256 === 'string' ? a.sha256.trim().toLowerCase() : '';
  if (!isSha256Hex(sha256)) bad('attachment.sha256 must be 64 hex digits');
  const contentType = typeof a.content_type === 'string' ? a.content_type.trim() : '';
  if (!CONTENT_TYPE.test(contentType) || contentType.length > 255) bad('attachment.content_type must be a media type such as application/pdf');
  return { name, size: a.size, sha256, content_type: contentType };
}

function nextState(rule: ActionRule, c: Case): CaseState {
  if (rule.to === 'same') return c.state;
  if (rule.to === 'reopen') return c.assignee ? 'assigned' : 'new';
  return rule.to;
}

/**
 * Applies one action: checks it (throwing a {@link WorkflowError} that names the case's state and
 * the action when refused) and returns the changed case (version + 1), the history entry and what
 * to append to the audit log. The input case is not changed.
 */
export function applyAction(c: Case, action: CaseAction, actor: Actor, at: Date | string): WorkflowResult {
  const type = action?.type;
  const who = text(actor?.id, 'actor', MAX_USER, c, String(type), true) as string;
  const refused = refusal(c, action, { id: who, role: actor.role });
  if (refused) throw refused;
  const rule = WORKFLOW[action.type];
  const time = isoTime(at, 'action time');
  const data: CaseEventData = {};
  let note: string | null = null;
  let next: Case = { ...c, version: c.version + 1, updated_at: time };
  const details: CaseAuditEvent['details'] = { from_state: c.state };

  switch (action.type) {
    case 'assign':
    case 'reassign': {
      const assignee = text(action.assignee, 'assignee', MAX_USER, c, action.type, true) as string;
      if (action.type === 'reassign' && assignee === c.assignee) {
        throw new WorkflowError('invalid_input', `cannot reassign case ${c.id} in state "${c.state}": it is already assigned to ${assignee}`, c.state, 'reassign');
      }
      note = text(action.note, 'note', MAX_NOTE, c, action.type, false);
      data.assignee = assignee;
      data.previous_assignee = c.assignee;
      details.assignee = assignee;
      details.previous_assignee = c.assignee;
      next.assignee = assignee;
      break;
    }
    case 'close':
      note = text(action.note, 'note', MAX_NOTE, c, 'close', false);
      data.outcome = action.outcome;
      details.outcome = action.outcome;
      next = { ...next, outcome: action.outcome, closed_at: time };
      break;
    case 'reopen':
      note = text(action.note, 'note', MAX_NOTE, c, 'reopen', false);
      details.previous_outcome = c.outcome;
      next = { ...next, outcome: null, closed_at: null };
      break;
    case 'comment': {
      const body = text(action.text, 'comment text', MAX_COMMENT, c, 'comment', true) as string;
      data.text = body;
      details.length = body.length;
      details.sha256 = sha256Hex(body);
      break;
    }
    case 'attach': {
      const meta = checkAttachment(action.attachment, c);
      note = text(action.note, 'note', MAX_NOTE, c, 'attach', false);
      data.attachment = meta;
      details.attachment = { ...meta };
      break;
    }
    case 'export': {
      const format = text(action.format, 'format', 64, c, 'export', true) as string;
      const sha256 = typeof action.sha256 === 'string' ? action.sha256.toLowerCase() : '';
      if (!isSha256Hex(sha256)) throw new WorkflowError('invalid_input', `cannot export case ${c.id} in state "${c.state}": sha256 must be 64 hex digits`, c.state, 'export');
      note = text(action.note, 'note', MAX_NOTE, c, 'export', false);
      data.format = format;
      data.sha256 = sha256;
      details.format = format;
      details.sha256 = sha256;
      break;
    }
    default:
      note = text(action.note, 'note', MAX_NOTE, c, action.type, false);
  }
  next.state = nextState(rule, c);
  details.to_state = next.state;
  if (note !== null) details.note_sha256 = sha256Hex(note);

  const event: CaseEvent = { case_id: c.id, kind: action.type, actor: who, time, from_state: c.state, to_state: next.state, note, data };
  const auditAction = action.type === 'export' ? 'export' : action.type === 'attach' ? 'case.attach' : `case.${action.type}`;
  return { case: next, event, audit: { action: auditAction, subject: c.id, details } };
}
