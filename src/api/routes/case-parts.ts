import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../../security/permissions.js';
import type { CasePartPage, PageRange } from '../../cases/store-port.js';
import type { ApiContext } from '../context.js';
import { maskPersonalData } from '../pii.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, page, presentAlert } from '../shape.js';
import { presentEvidence } from './cases.js';

type Query = Record<string, string | undefined>;

function bad(reply: FastifyReply, field: string, reason: string): FastifyReply {
  return reply.code(400).send({ error: 'invalid request', errors: [{ field, reason }] });
}

/**
 * A big case page by page: `GET /v1/cases/{id}/alerts`, `/events` and `/evidence` answer
 * `{<part>: [...], total, limit, offset}` like every other list (alerts oldest first, history and
 * evidence in the order written; `order=desc` newest first), masked like the case itself; `?unmask=1` shows personal data to
 * roles that may see it and records that in the audit log.
 */
export function casePartRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cases = ctx.cases;
  if (!cases) return;
  const parts: Array<{ part: 'alerts' | 'events' | 'evidence'; read: (id: string, r: PageRange) => Promise<CasePartPage<unknown>> }> = [
    { part: 'alerts', read: async (id, r) => { const p = await cases.caseAlerts(id, r); return { ...p, items: p.items.map(presentAlert) }; } },
    { part: 'events', read: (id, r) => cases.caseEvents(id, r) },
    { part: 'evidence', read: async (id, r) => { const p = await cases.caseEvidence(id, r); return { ...p, items: p.items.map(presentEvidence) }; } },
  ];
  for (const { part, read } of parts) {
    app.get<{ Params: { id: string }; Querystring: Query }>(`/v1/cases/:id/${part}`, { config: { permission: 'cases.read' } }, async (req, reply) => {
      const q = req.query;
      const limit = intQuery(q.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
      const offset = intQuery(q.offset, 0, 0, MAX_POSITION);
      if (typeof limit === 'string') return bad(reply, 'limit', limit);
      if (typeof offset === 'string') return bad(reply, 'offset', offset);
      if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') return bad(reply, 'order', 'must be asc or desc');
      const unmask = q.unmask === '1' || q.unmask === 'true';
      const p = req.principal!;
      if (unmask && !can(p.role, 'pii.unmask')) return reply.code(403).send({ error: 'forbidden', reason: `${p.role} may not unmask personal data` });
      if (!(await cases.getCase(req.params.id))) return reply.code(404).send({ error: 'not found', case: req.params.id });
      const found = await read(req.params.id, { limit, offset, order: q.order === 'desc' ? 'desc' : 'asc' });
      const body = page(part, found.items, found.total, limit, offset);
      if (!unmask) return { ...(maskPersonalData(body).value as object), masked: true };
      const { masked } = maskPersonalData(body);
      await ctx.audit?.append({ actor: p.id, action: 'unmask', subject: req.params.id, details: { fields: [...masked].sort(), part, offset } });
      return { ...body, masked: false };
    });
  }
}
