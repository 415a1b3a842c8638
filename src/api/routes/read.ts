import type { FastifyInstance } from 'fastify';
import { VERDICTS, type Verdict } from '../../domain/decision.js';
import type { ApiContext } from '../context.js';
import { presentDecision } from '../present.js';
import { intQuery, MAX_POSITION } from '../query.js';

function badQuery(field: string, reason: string): { error: string; errors: Array<{ field: string; reason: string }> } {
  return { error: 'invalid query', errors: [{ field, reason }] };
}

/** Read-side routes: decisions, alerts, account state. */
export function readRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { id: string } }>('/v1/decisions/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const d = await ctx.pipeline.store.findDecision(req.params.id);
    if (!d) return reply.code(404).send({ error: 'not found', id: req.params.id });
    return presentDecision(d);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/alerts', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const q = req.query;
    const limit = intQuery(q.limit, 100, 1, 1000);
    if (typeof limit === 'string') return reply.code(400).send(badQuery('limit', limit));
    const before = q.before === undefined ? undefined : intQuery(q.before, 0, 0, MAX_POSITION);
    if (typeof before === 'string') return reply.code(400).send(badQuery('before', `${before} (an alert sequence number)`));
    const decision = q.decision?.toUpperCase();
    if (decision !== undefined && !VERDICTS.includes(decision as Verdict)) return reply.code(400).send(badQuery('decision', 'must be REVIEW or BLOCK'));
    const alerts = await ctx.pipeline.store.alerts({ limit, before, decision: decision as Verdict | undefined, account: q.account });
    return {
      alerts: alerts.map((a) => ({ ...a, reasons: presentDecision({ id: a.transaction_id, score: a.score, decision: a.decision, reasons: a.reasons }).reasons })),
      next: alerts.length === limit ? alerts[alerts.length - 1].seq : null,
    };
  });

  app.get<{ Params: { id: string } }>('/v1/accounts/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const state = ctx.pipeline.scorer.features.accountState(req.params.id);
    if (!state) return reply.code(404).send({ error: 'not found', account: req.params.id });
    return state;
  });
}
