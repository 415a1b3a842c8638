import type { FastifyInstance } from 'fastify';
import { VERDICTS, type Verdict } from '../../domain/decision.js';
import type { ApiContext } from '../context.js';
import { presentDecision } from '../present.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, page, presentAccountState, presentAlert, presentTransaction } from '../shape.js';

function badQuery(field: string, reason: string): { error: string; errors: Array<{ field: string; reason: string }> } {
  return { error: 'invalid query', errors: [{ field, reason }] };
}

/** Read-side routes: decisions, alerts, account state. */
export function readRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // A decision with the transaction it was made on (from, to, amount, currency, time, …).
  app.get<{ Params: { id: string } }>('/v1/decisions/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const [found] = await ctx.pipeline.store.findScored([req.params.id]);
    if (!found) return reply.code(404).send({ error: 'not found', id: req.params.id });
    return { ...presentDecision(found.decision), transaction: presentTransaction(found.tx) };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/alerts', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const q = req.query;
    const limit = intQuery(q.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (typeof limit === 'string') return reply.code(400).send(badQuery('limit', limit));
    const offset = intQuery(q.offset, 0, 0, MAX_POSITION);
    if (typeof offset === 'string') return reply.code(400).send(badQuery('offset', offset));
    const before = q.before === undefined ? undefined : intQuery(q.before, 0, 0, MAX_POSITION);
    if (typeof before === 'string') return reply.code(400).send(badQuery('before', `${before} (an alert sequence number)`));
    const decision = q.decision?.toUpperCase();
    if (decision !== undefined && !VERDICTS.includes(decision as Verdict)) return reply.code(400).send(badQuery('decision', 'must be REVIEW or BLOCK'));
    const filter = { before, decision: decision as Verdict | undefined, account: q.account };
    const alerts = await ctx.pipeline.store.alerts({ ...filter, limit, offset });
    return page('alerts', alerts.map(presentAlert), await ctx.pipeline.store.countAlerts(filter), limit, offset);
  });

  app.get<{ Params: { id: string } }>('/v1/accounts/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const features = ctx.pipeline.scorer.features;
    const state = features.accountState(req.params.id);
    if (!state) return reply.code(404).send({ error: 'not found', account: req.params.id });
    return presentAccountState(state, features.config.baseCurrency);
  });
}
