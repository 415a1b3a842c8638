import type { FastifyInstance } from 'fastify';
import { RingRefresher } from '../../engine/ring-refresh.js';
import type { ApiContext } from '../context.js';

/** Health and metrics; behind the same credentials as everything else. */
export function opsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/healthz', { config: { permission: 'ops.read' } }, async () => {
    const p = ctx.pipeline;
    return { status: 'ok', store: p.store.kind, transactions: p.scorer.processed, accounts: p.scorer.features.accounts.size };
  });

  app.get('/metrics', { config: { permission: 'ops.read' } }, async (_req, reply) => {
    const p = ctx.pipeline;
    const lag = await ctx.caseFiler?.lag();
    const rings = p.scorer.hooks;
    reply.header('content-type', 'text/plain; version=0.0.4');
    return ctx.metrics.render({
      accounts: p.scorer.features.accounts.size,
      edges: p.scorer.features.graph.edgeCount,
      droppedEdges: p.scorer.features.graph.droppedEdges,
      committed: p.committed,
      commits: p.commits,
      ...(rings instanceof RingRefresher ? { ringTransfers: rings.held } : {}),
      gangEvidence: ctx.rings.gangEvidence,
      ...(lag ? { intake: lag } : {}),
      store: await p.store.counts(),
      ...(ctx.cases ? { cases: await ctx.cases.casesByState() } : {}),
    });
  });
}
