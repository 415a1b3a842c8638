import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseDuration } from '../../features/config.js';
import { RING_ALGORITHMS, type RingAlgorithm } from '../../engine/rings.js';
import type { ApiContext } from '../context.js';
import { intQuery } from '../query.js';

type Query = Record<string, string | undefined>;

function bad(reply: FastifyReply, field: string, reason: string): FastifyReply {
  return reply.code(400).send({ error: 'invalid query', errors: [{ field, reason }] });
}

function intParam(q: Query, name: string, def: number, min: number, max: number): number | string {
  return intQuery(q[name], def, min, max);
}

/** Rings (communities with risk and reasons) and suspicious paths from an account. */
export function ringRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const algorithmOf = (q: Query): RingAlgorithm | undefined => {
    const a = (q.algorithm ?? 'components') as RingAlgorithm;
    return RING_ALGORITHMS.includes(a) ? a : undefined;
  };

  app.get<{ Querystring: Query }>('/v1/rings', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const algorithm = algorithmOf(req.query);
    if (!algorithm) return bad(reply, 'algorithm', `must be one of ${RING_ALGORITHMS.join(', ')}`);
    const limit = intParam(req.query, 'limit', 50, 1, 1000);
    if (typeof limit === 'string') return bad(reply, 'limit', limit);
    const r = await ctx.rings.rings(algorithm);
    return {
      algorithm, modularity: r.modularity, accounts: r.accounts, transfers: r.transfers, total: r.rings.length,
      rings: r.rings.slice(0, limit).map((x) => ({ ring: x.ring, size: x.size, risk: x.risk, reasons: x.reasons, members: x.members.slice(0, 50) })),
    };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/rings/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const algorithm = algorithmOf(req.query);
    if (!algorithm) return bad(reply, 'algorithm', `must be one of ${RING_ALGORITHMS.join(', ')}`);
    const ring = (await ctx.rings.rings(algorithm)).rings.find((r) => r.ring === req.params.id);
    if (!ring) return reply.code(404).send({ error: 'not found', ring: req.params.id });
    return { algorithm, ...ring };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/accounts/:id/paths', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const q = req.query;
    const maxHops = intParam(q, 'max_hops', 4, 1, 8);
    if (typeof maxHops === 'string') return bad(reply, 'max_hops', maxHops);
    const k = intParam(q, 'k', 5, 1, 50);
    if (typeof k === 'string') return bad(reply, 'k', k);
    let windowMs: number | undefined;
    if (q.window !== undefined) {
      try {
        windowMs = parseDuration(q.window);
      } catch (e) {
        return bad(reply, 'window', (e as Error).message);
      }
    }
    const tolerance = q.amount_tolerance === undefined ? undefined : Number(q.amount_tolerance);
    if (tolerance !== undefined && !(tolerance >= 0 && tolerance <= 10)) return bad(reply, 'amount_tolerance', 'must be a fraction such as 0.2');
    if (q.direction !== undefined && q.direction !== 'downstream' && q.direction !== 'upstream') return bad(reply, 'direction', 'must be downstream or upstream');
    if (q.to !== undefined && q.to_list !== undefined) return bad(reply, 'to', 'give to or to_list, not both');
    const to = q.to !== undefined ? { account: q.to } : { accounts: ctx.rings.listedAccounts(q.to_list) };
    try {
      const r = await ctx.rings.paths({
        from: req.params.id, to, maxHops, k, windowMs, amountTolerance: tolerance, maxVisited: 200_000, upstream: q.direction === 'upstream',
      });
      return { from: r.from, paths: r.named, subgraph: r.subgraph, truncated: r.truncated, visited_edges: r.visitedEdges };
    } catch (e) {
      return reply.code(404).send({ error: 'not found', reason: (e as Error).message });
    }
  });
}
