import type { FastifyInstance } from 'fastify';
import { readAudit } from '../../security/audit.js';
import type { ApiContext } from '../context.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, page } from '../shape.js';

/** What the dashboard's overview, rules and audit pages read. */
export function insightRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // Hit counts are what the store holds (every stored transaction a rule fired on), so they survive
  // restarts; `hits_since_start` counts only what this process scored.
  app.get('/v1/rules', { config: { permission: 'rules.read' } }, async () => {
    const set = ctx.pipeline.scorer.rules;
    const live = set?.hitCounts() ?? {};
    const stored = (await ctx.pipeline.store.counts()).rules;
    return {
      rules: (set?.rules ?? []).map((r) => ({
        id: r.id, version: r.version, description: r.description, severity: r.severity, weight: r.weight,
        hits: stored[r.id] ?? 0, hits_since_start: live[r.id] ?? 0,
      })),
    };
  });

  // Every count is the store's (correct across restarts); only `since_start` is this process's.
  app.get('/v1/stats', { config: { permission: 'authenticated' } }, async () => {
    const m = ctx.metrics;
    const recent = m.recentDecisions(Date.now() - 60_000);
    const counts = await ctx.pipeline.store.counts();
    const rings = ctx.rings ? (await ctx.rings.rings('gangs')).rings.slice(0, 5) : [];
    return {
      transactions: counts.transactions,
      decisions: counts.decisions,
      alerts: counts.alerts,
      cases: ctx.cases ? await ctx.cases.casesByState() : null,
      alerts_by_day: await ctx.pipeline.store.alertsByDay(),
      top_rules: Object.entries(counts.rules).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([rule, n]) => ({ rule, hits: n })),
      top_rings: rings.map((r) => ({ ring: r.ring, risk: r.risk, size: r.size })),
      tps_recent: Math.round((recent / 60) * 10) / 10,
      since_start: { decisions: { ...m.decisions }, duplicates: m.duplicates, rejected: m.rejected },
    };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    if (!ctx.users) return reply.code(404).send({ error: 'not found', reason: 'no audit log on this server' });
    const limit = intQuery(req.query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    const after = intQuery(req.query.after, 0, 0, MAX_POSITION);
    const offset = intQuery(req.query.offset, 0, 0, MAX_POSITION);
    if (typeof limit === 'string') return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'limit', reason: limit }] });
    if (typeof after === 'string') return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'after', reason: after }] });
    if (typeof offset === 'string') return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'offset', reason: offset }] });
    // Oldest first. Audit rows are numbered 1, 2, 3, … without gaps, so rows after `after` number head − after.
    const head = ctx.audit ? (await ctx.audit.currentHead()).seq : 0;
    const rows = await readAudit(ctx.users, { afterSeq: after + offset, limit });
    return page('rows', rows, Math.max(0, head - after), limit, offset);
  });
}
