import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseDuration } from '../../features/config.js';
import { RING_ALGORITHMS, type Ring, type RingAlgorithm } from '../../engine/rings.js';
import type { ApiContext } from '../context.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, moneyFromMajor } from '../shape.js';

type Query = Record<string, string | undefined>;

function bad(reply: FastifyReply, field: string, reason: string): FastifyReply {
  return reply.code(400).send({ error: 'invalid query', errors: [{ field, reason }] });
}

function intParam(q: Query, name: string, def: number, min: number, max: number): number | string {
  return intQuery(q[name], def, min, max);
}

/** Evidence transfers shown per ring in a list (all of them in GET /v1/rings/{id}). */
const LIST_EVIDENCE = 200;

/** A ring as answered: members, risk, reasons, its evidence transfers (ISO times) and its case, if any. */
async function present(ctx: ApiContext, r: Ring, evidenceLimit: number): Promise<Record<string, unknown>> {
  const evidence = r.evidence ?? [];
  const found = ctx.cases ? await ctx.cases.findOpenCase({ ring: r.ring }) : undefined;
  return {
    ring: r.ring, size: r.size, risk: r.risk, reasons: r.reasons, members: r.members,
    ...(r.evidence ? {
      evidence: evidence.slice(0, evidenceLimit).map((e) => ({
        transaction: e.id, from: e.from, to: e.to, time: new Date(e.time).toISOString(), amount: moneyFromMajor(e.amount, ctx.rings.baseCurrency), score: e.score,
      })),
      evidence_total: evidence.length,
    } : {}),
    ...(r.motifs && r.motifs.length > 0 ? { motifs: r.motifs.map((m) => ({ kind: m.kind, transaction: m.via, accounts: m.accounts, ...(m.transactions ? { transactions: m.transactions } : {}) })) } : {}),
    case_id: found?.id ?? null,
  };
}

/** Rings (gangs by default, communities for exploration) with risk, reasons and evidence, and suspicious paths from an account. */
export function ringRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const algorithmOf = (q: Query): RingAlgorithm | undefined => {
    const a = (q.algorithm ?? 'gangs') as RingAlgorithm;
    return RING_ALGORITHMS.includes(a) ? a : undefined;
  };

  app.get<{ Querystring: Query }>('/v1/rings', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const algorithm = algorithmOf(req.query);
    if (!algorithm) return bad(reply, 'algorithm', `must be one of ${RING_ALGORITHMS.join(', ')}`);
    const limit = intParam(req.query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (typeof limit === 'string') return bad(reply, 'limit', limit);
    const offset = intParam(req.query, 'offset', 0, 0, MAX_POSITION);
    if (typeof offset === 'string') return bad(reply, 'offset', offset);
    const r = await ctx.rings.rings(algorithm);
    const rings = [];
    for (const x of r.rings.slice(offset, offset + limit)) rings.push(await present(ctx, x, LIST_EVIDENCE));
    return {
      algorithm, modularity: r.modularity, accounts: r.accounts, transfers: r.transfers,
      currency: ctx.rings.baseCurrency, ...(ctx.ringReview === undefined ? {} : { review_threshold: ctx.ringReview }),
      rings, total: r.rings.length, limit, offset,
    };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/rings/:id', { config: { permission: 'alerts.read' } }, async (req, reply) => {
    const algorithm = algorithmOf(req.query);
    if (!algorithm) return bad(reply, 'algorithm', `must be one of ${RING_ALGORITHMS.join(', ')}`);
    const ring = (await ctx.rings.rings(algorithm)).rings.find((r) => r.ring === req.params.id);
    if (!ring) return reply.code(404).send({ error: 'not found', ring: req.params.id });
    // Each member with its alerts (as payer or payee, counted up to 100) and the cases holding it
    // (the ring's own case first: it holds every member, with alerts or not).
    const shown = await present(ctx, ring, Infinity);
    const ringCase = typeof shown.case_id === 'string' ? await ctx.cases?.getCase(shown.case_id) : undefined;
    const members = [];
    for (const m of ring.members) {
      const alerts = (await ctx.pipeline.store.alerts({ account: m, limit: 100 })).length;
      // Cases merged into a ring case (closed, no outcome, no alerts left) are left out.
      const held = ctx.cases ? await ctx.cases.listCases({ subject: m, limit: 20, sort: 'updated_at' }) : [];
      const kept = held.filter((c) => c.id !== ringCase?.id && !(c.state === 'closed' && c.outcome === null && c.alert_count === 0));
      const cases = [...(ringCase ? [ringCase] : []), ...kept].slice(0, 10).map((c) => ({ id: c.id, state: c.state, outcome: c.outcome, ring: c.ring }));
      members.push({ account: m, alerts, cases });
    }
    return {
      algorithm, currency: ctx.rings.baseCurrency, ...(ctx.ringReview === undefined ? {} : { review_threshold: ctx.ringReview }),
      ...shown, cyclesTruncated: ring.cyclesTruncated, member_details: members,
    };
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
      // Amounts in the base currency (converted at scoring time), as decimal strings; times ISO.
      const currency = ctx.rings.baseCurrency;
      const m = (x: number): string => moneyFromMajor(x, currency);
      return {
        from: r.from, currency,
        paths: r.named.map((p) => ({ ...p, amounts: p.amounts.map(m) })),
        subgraph: {
          nodes: r.subgraph.nodes,
          edges: r.subgraph.edges.map((e) => ({ ...e, transactions: e.transactions.map((t) => ({ ...t, time: new Date(t.time).toISOString(), amount: m(t.amount) })) })),
        },
        truncated: r.truncated, visited_edges: r.visitedEdges,
      };
    } catch (e) {
      return reply.code(404).send({ error: 'not found', reason: (e as Error).message });
    }
  });
}
