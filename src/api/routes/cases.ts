import type { FastifyInstance, FastifyReply } from 'fastify';
import { CASE_OUTCOMES, CASE_STATES, isCaseOutcome, isCaseState } from '../../cases/case.js';
import { performAction } from '../../cases/actions.js';
import { can } from '../../security/permissions.js';
import { maskPersonalData } from '../pii.js';
import { exportGoaml } from '../../cases/report/goaml.js';
import { exportPbocJson } from '../../cases/report/pboc.js';
import { WorkflowError, type CaseAction } from '../../cases/workflow.js';
import type { PartyDetails } from '../../domain/party.js';
import type { ApiContext } from '../context.js';
import { intQuery, MAX_POSITION } from '../query.js';

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

/** Cases: the queue, one case with its alerts, history and evidence, and workflow actions. */
export function caseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cases = ctx.cases;
  if (!cases) return;

  app.get<{ Querystring: Query }>('/v1/cases', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const q = req.query;
    if (q.state !== undefined && !isCaseState(q.state)) return bad(reply, 'state', `must be one of ${CASE_STATES.join(', ')}`);
    if (q.sort !== undefined && !(SORTS as readonly string[]).includes(q.sort)) return bad(reply, 'sort', `must be one of ${SORTS.join(', ')}`);
    if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') return bad(reply, 'order', 'must be asc or desc');
    const limit = intQuery(q.limit, 50, 1, 500);
    const offset = intQuery(q.offset, 0, 0, MAX_POSITION);
    if (typeof limit === 'string') return bad(reply, 'limit', limit);
    if (typeof offset === 'string') return bad(reply, 'offset', offset);
    const list = await cases.listCases({
      ...(q.state ? { state: q.state as never } : {}),
      ...(q.assignee !== undefined ? { assignee: q.assignee === '' ? null : q.assignee } : {}),
      ...(q.subject ? { subject: q.subject } : {}),
      ...(q.ring ? { ring: q.ring } : {}),
      sort: (q.sort as (typeof SORTS)[number]) ?? 'risk',
      order: (q.order as 'asc' | 'desc') ?? 'desc',
      limit,
      offset,
    });
    return { cases: list };
  });

  // Personal data is masked by default; `?unmask=1` shows it to roles that may (supervisor,
  // admin) and records the unmasking in the audit log.
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const unmask = req.query.unmask === '1' || req.query.unmask === 'true';
    const p = req.principal!;
    if (unmask && !can(p.role, 'pii.unmask')) return reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
    const found = await cases.getCaseDetail(req.params.id);
    if (!found) return reply.code(404).send({ error: 'not found', case: req.params.id });
    // The holders of the subject's and counterparties' accounts, as far as KYC knows them.
    const parties = Object.fromEntries((await ctx.parties?.lookup([found.case.subject, ...found.alerts.flatMap((a) => [a.from, a.to])])) ?? []);
    const detail = { ...found, parties };
    if (!unmask) return { ...(maskPersonalData(detail).value as object), masked: true };
    const { masked } = maskPersonalData(detail);
    await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: found.case.id, details: { fields: [...masked].sort() } });
    return { ...detail, masked: false };
  });

  // Regulatory export under its own permission. Like the case view, the report is masked unless
  // the caller asks to unmask (`?unmask=1`) and may (pii.unmask); an unmasked export is audited as
  // an unmasking as well as an export.
  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/cases/:id/report', { config: { permission: 'cases.export' } }, async (req, reply) => {
    const format = req.query.format ?? 'goaml';
    if (format !== 'goaml' && format !== 'pboc') return bad(reply, 'format', 'must be goaml or pboc');
    const unmask = req.query.unmask === '1' || req.query.unmask === 'true';
    const p = req.principal!;
    if (unmask && !can(p.role, 'pii.unmask')) return reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
    const detail = await cases.getCaseDetail(req.params.id);
    if (!detail) return reply.code(404).send({ error: 'not found', case: req.params.id });
    const parties = (await ctx.parties?.lookup(detail.alerts.flatMap((a) => [a.from, a.to]))) ?? new Map<string, PartyDetails>();
    const masked = new Set<string>();
    const input = {
      case: detail.case, alerts: detail.alerts, institution: (ctx.institution ?? {}) as never, submission_date: new Date(),
      evidence: unmask ? detail.evidence : (maskPersonalData(detail.evidence, masked).value as typeof detail.evidence),
      parties: unmask ? parties : new Map([...parties].map(([k, v]) => [k, maskPersonalData(v, masked).value as typeof v])),
    };
    if (unmask) {
      maskPersonalData(detail.evidence, masked);
      maskPersonalData([...parties.values()], masked);
    }
    const result = format === 'goaml' ? exportGoaml(input) : exportPbocJson(input);
    if (!result.ok) return reply.code(422).send({ error: 'report incomplete', missing: result.missing });
    await ctx.audit?.append({ actor: p.id, action: 'case.export', subject: detail.case.id, details: { format, sha256: result.sha256, masked: !unmask } });
    if (unmask) {
      await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: detail.case.id, details: { via: 'export', format, sha256: result.sha256, fields: [...masked].sort() } });
    }
    reply.header('content-type', result.media_type);
    reply.header('x-ringwatch-masked', unmask ? 'false' : 'true');
    reply.header('content-disposition', `attachment; filename="${detail.case.id}${unmask ? '' : '-masked'}.${format === 'goaml' ? 'xml' : 'json'}"`);
    return result.content;
  });

  app.post<{ Params: { id: string } }>('/v1/cases/:id/actions', { config: { permission: 'cases.work' } }, async (req, reply) => {
    const p = req.principal!;
    const action = toAction(req.body as Record<string, unknown> | null, p.id);
    if ('field' in action) return bad(reply, action.field, action.reason);
    try {
      const done = await performAction(cases, req.params.id, action, { id: p.id.replace(/^user:/, ''), role: p.role }, new Date());
      if (!done) return reply.code(404).send({ error: 'not found', case: req.params.id });
      await ctx.audit?.append({ actor: p.id, action: done.audit.action, subject: done.audit.subject, details: done.audit.details as never });
      return { case: done.case, event: done.event };
    } catch (e) {
      if (e instanceof WorkflowError) return reply.code(e.code === 'forbidden' ? 403 : 409).send({ error: e.code, reason: e.message, state: e.state, action: e.action });
      throw e;
    }
  });
}
