import type { FastifyInstance, FastifyReply } from 'fastify';
import { CASE_OUTCOMES, CASE_STATES, isCaseOutcome, isCaseState } from '../../cases/case.js';
import { performAction } from '../../cases/actions.js';
import { can } from '../../security/permissions.js';
import { maskPersonalData } from '../pii.js';
import { allowedActions, closeOutcomes, WorkflowError, type CaseAction } from '../../cases/workflow.js';
import type { Case } from '../../cases/case.js';
import { priorityReasons, type PriorityReason } from '../../cases/priority.js';
import type { Principal } from '../principal.js';
import type { ApiContext } from '../context.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, moneyFromMinor, page, presentAlert, presentTransaction } from '../shape.js';
import type { Evidence } from '../../cases/evidence.js';
import { caseKind } from '../../cases/screening-cases.js';

type Query = Record<string, string | undefined>;
const SORTS = ['risk', 'opened_at', 'updated_at', 'last_alert_at', 'alert_count'] as const;

function bad(reply: FastifyReply, field: string, reason: string): FastifyReply {
  return reply.code(400).send({ error: 'invalid request', errors: [{ field, reason }] });
}

/** Reads `{action, outcome?, note?, assignee?, text?}` into a workflow action, or a field error. */
function toAction(b: Record<string, unknown> | null, actorId: string): CaseAction | { field: string; reason: string } {
  if (!b || typeof b.action !== 'string') return { field: 'action', reason: 'is required' };
  const note = typeof b.note === 'string' ? b.note.slice(0, 4000) : undefined;
  switch (b.action) {
    case 'assign':
    case 'reassign': {
      const assignee = typeof b.assignee === 'string' && b.assignee ? b.assignee : actorId.replace(/^user:/, '');
      return { type: b.action, assignee, note };
    }
    case 'investigate':
    case 'escalate':
    case 'reopen':
      return { type: b.action, note };
    case 'close':
      if (!isCaseOutcome(b.outcome)) return { field: 'outcome', reason: `must be one of ${CASE_OUTCOMES.join(', ')}` };
      return { type: 'close', outcome: b.outcome, note };
    case 'comment':
      if (typeof b.text !== 'string' || b.text.trim() === '') return { field: 'text', reason: 'is required' };
      return { type: 'comment', text: b.text.slice(0, 4000) };
    case 'attach': {
      // Metadata only (name, size, SHA-256, media type): the file itself lives in the bank's document store.
      const a = b.attachment as Record<string, unknown> | undefined;
      if (!a || typeof a !== 'object') return { field: 'attachment', reason: 'is required: {name, size, sha256, content_type}' };
      return { type: 'attach', attachment: { name: String(a.name ?? ''), size: Number(a.size), sha256: String(a.sha256 ?? ''), content_type: String(a.content_type ?? '') }, note };
    }
    default:
      return { field: 'action', reason: 'must be assign, reassign, investigate, escalate, close, reopen, comment or attach' };
  }
}

/**
 * A case as sent to a caller, with what the caller may do to it now (`allowed_actions`, and the
 * outcomes open to `close`): the server's workflow decides, the dashboard keeps no copy of it.
 */
function withActions(c: Case, p: Principal): PresentedCase & { allowed_actions: string[]; close_outcomes: readonly string[] } {
  const actor = { id: p.id.replace(/^user:/, ''), role: p.role };
  return { ...presentCase(c), allowed_actions: allowedActions(c, actor), close_outcomes: closeOutcomes(p.role) };
}

type PresentedCase = Omit<Case, 'risk_basis'> & { kind: string; risk_reasons: PriorityReason[] };

/**
 * A case on the wire: its kind (cases/kind.ts), `risk` is its priority and `risk_reasons` say why
 * in plain words (en, zh), each with its weight, value and contribution (cases/priority.ts). The
 * stored basis stays inside.
 */
export function presentCase(c: Case): PresentedCase {
  const { risk_basis: basis, ...rest } = c;
  return { ...rest, kind: caseKind(c), risk_reasons: priorityReasons(basis, c.alert_count) };
}

/**
 * Evidence as answered: `content` in the API's shape (money as decimal strings, ISO times);
 * `sha256` covers `canonical`, the snapshot exactly as frozen and stored (minor units, epoch-ms
 * times), sent to callers who may see personal data.
 */
export function presentEvidence(e: Evidence): Record<string, unknown> {
  const c = e.content;
  return {
    ...e,
    content: {
      ...c,
      alert: presentAlert(c.alert),
      transactions: c.transactions.map(presentTransaction),
      subgraph: { nodes: c.subgraph.nodes, edges: c.subgraph.edges.map((x) => ({ ...x, currency: x.currency ?? c.alert.currency, amount: moneyFromMinor(x.amount, x.currency ?? c.alert.currency) })) },
    },
  };
}

/** Cases: the queue, one case with its alerts, history and evidence, and workflow actions. */
export function caseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cases = ctx.cases;
  if (!cases) return;

  app.get<{ Querystring: Query }>('/v1/cases', { config: { permission: 'cases.read' } }, async (req, reply) => {
    const q = req.query;
    if (q.state !== undefined && !isCaseState(q.state)) return bad(reply, 'state', `must be one of ${CASE_STATES.join(', ')}`);
    if (q.sort !== undefined && !(SORTS as readonly string[]).includes(q.sort)) return bad(reply, 'sort', `must be one of ${SORTS.join(', ')}`);
    if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') return bad(reply, 'order', 'must be asc or desc');
    const limit = intQuery(q.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = intQuery(q.offset, 0, 0, MAX_POSITION);
    if (typeof limit === 'string') return bad(reply, 'limit', limit);
    if (typeof offset === 'string') return bad(reply, 'offset', offset);
    for (const field of ['account', 'id', 'q', 'party'] as const) {
      const v = q[field];
      if (v !== undefined && (v.trim() === '' || v.length > 200)) return bad(reply, field, 'must be 1–200 characters');
    }
    // `q` is the queue's one search box: a case id (or its start) when it looks like one, else an
    // account, or a party's client number or account number (its accounts, from KYC).
    const search = q.q?.trim();
    const searchId = search !== undefined && /^CASE-/i.test(search);
    const byId = q.id?.trim() ?? (searchId ? search.toUpperCase() : undefined);
    const byAccount = q.account?.trim();
    const partyOf = async (text: string): Promise<string[]> => (await ctx.parties?.findAccounts(text)) ?? [];
    const accounts = [
      ...(search !== undefined && !searchId ? [search, ...(await partyOf(search))] : []),
      ...(q.party !== undefined ? await partyOf(q.party.trim()) : []),
    ];
    const filter = {
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.assignee !== undefined ? { assignee: q.assignee === '' ? null : q.assignee } : {}),
      ...(q.subject ? { subject: q.subject } : {}),
      ...(q.ring ? { ring: q.ring } : {}),
      ...(byAccount ? { account: byAccount } : {}),
      ...(byId ? { id: byId } : {}),
      ...((search !== undefined && !searchId) || q.party !== undefined ? { accounts } : {}),
    };
    const list = await cases.listCases({
      ...filter,
      sort: (q.sort as (typeof SORTS)[number]) ?? 'risk',
      order: (q.order as 'asc' | 'desc') ?? 'desc',
      limit,
      offset,
    });
    return page('cases', list.map(presentCase), await cases.countCases(filter), limit, offset);
  });

  // Personal data is masked by default; `?unmask=1` shows it to roles that may (supervisor,
  // admin) and records the unmasking in the audit log.
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id', { config: { permission: 'cases.read' } }, async (req, reply) => {
    const unmask = req.query.unmask === '1' || req.query.unmask === 'true';
    const p = req.principal!;
    if (unmask && !can(p.role, 'pii.unmask')) return reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
    const found = await cases.getCaseDetail(req.params.id);
    if (!found) return reply.code(404).send({ error: 'not found', case: req.params.id });
    // The holders of the subject's and counterparties' accounts, as far as KYC knows them.
    const parties = Object.fromEntries((await ctx.parties?.lookup([found.case.subject, ...found.alerts.flatMap((a) => [a.from, a.to])])) ?? []);
    const detail = {
      ...found, case: withActions(found.case, p), parties,
      alerts: found.alerts.map(presentAlert),
      evidence: found.evidence.map(presentEvidence),
    };
    if (!unmask) return { ...(maskPersonalData(detail).value as object), masked: true };
    const { masked } = maskPersonalData(detail);
    await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: found.case.id, details: { fields: [...masked].sort() } });
    return { ...detail, masked: false };
  });

  // Regulatory reports: routes/reports.ts.

  app.post<{ Params: { id: string } }>('/v1/cases/:id/actions', { config: { permission: 'cases.work' } }, async (req, reply) => {
    const p = req.principal!;
    const action = toAction(req.body as Record<string, unknown> | null, p.id);
    if ('field' in action) return bad(reply, action.field, action.reason);
    try {
      const done = await performAction(cases, req.params.id, action, { id: p.id.replace(/^user:/, ''), role: p.role }, new Date());
      if (!done) return reply.code(404).send({ error: 'not found', case: req.params.id });
      await ctx.audit?.append({ actor: p.id, action: done.audit.action, subject: done.audit.subject, details: done.audit.details as never });
      return { case: withActions(done.case, p), event: done.event };
    } catch (e) {
      if (e instanceof WorkflowError) return reply.code(e.code === 'forbidden' ? 403 : 409).send({ error: e.code, reason: e.message, state: e.state, action: e.action });
      throw e;
    }
  });
}
