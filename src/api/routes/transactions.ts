import type { FastifyInstance, FastifyReply } from 'fastify';
import { validateTransaction, type FieldError } from '../../domain/transaction.js';
import { IdempotencyConflictError, InvalidTransactionError } from '../../domain/transaction-check.js';
import type { ApiContext } from '../context.js';
import { BatchGate } from '../batch-gate.js';
import { NdjsonLineError, readNdjson } from '../ndjson-body.js';
import { presentOutcome } from '../present.js';

/** Most records one batch may hold (checked while an NDJSON body streams in). */
export const MAX_BATCH = 10_000;
/** Body limits per route, whatever the content type: one transaction is a few hundred bytes. */
export const SINGLE_BODY_LIMIT = 64 << 10;
export const BATCH_BODY_LIMIT = 16 << 20;
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

export function transactionRoutes(app: FastifyInstance, ctx: ApiContext, gate = new BatchGate(2, 16)): void {
  app.post('/v1/transactions', { bodyLimit: SINGLE_BODY_LIMIT, config: { permission: 'transactions.write' } }, async (req, reply) => {
    const started = performance.now();
    const v = validateTransaction(req.body, ctx.defaults, true);
    if (!v.ok) {
      ctx.metrics.rejected++;
      return reply.code(400).send({ error: 'invalid transaction', errors: v.errors });
    }
    const outcome = await ctx.pipeline.submit(v.tx);
    ctx.metrics.decided(outcome.decision.decision, outcome.duplicate);
    ctx.metrics.latency.observe(performance.now() - started);
    return presentOutcome(outcome);
  });

  /** Validates and scores a parsed batch; each bad or conflicting record is reported by index. */
  const batch = async (body: unknown, reply: FastifyReply): Promise<unknown> => {
    if (!Array.isArray(body)) {
      return reply.code(400).send({
        error: 'invalid batch',
        errors: [{ field: '(body)', reason: 'must be a JSON array of transactions or NDJSON (application/x-ndjson)' }],
      });
    }
    if (body.length > MAX_BATCH) {
      return reply.code(413).send({ error: 'invalid batch', errors: [{ field: '(body)', reason: `holds ${body.length} records; send at most ${MAX_BATCH} per batch` }] });
    }
    const rejected: Array<{ index: number; errors: FieldError[]; status?: 409 }> = [];
    const accepted: Array<{ index: number; outcome: Promise<import('../../engine/pipeline.js').Outcome> }> = [];
    body.forEach((raw, index) => {
      if (raw instanceof NdjsonLineError) {
        rejected.push({ index, errors: [{ field: '(record)', reason: `not JSON: ${raw.message}` }] });
        return;
      }
      const v = validateTransaction(raw, ctx.defaults, true);
      if (!v.ok) rejected.push({ index, errors: v.errors });
      else accepted.push({ index, outcome: ctx.pipeline.submit(v.tx) });
    });
    const settled = await Promise.allSettled(accepted.map((a) => a.outcome));
    const results = [];
    for (let i = 0; i < accepted.length; i++) {
      const s = settled[i];
      if (s.status === 'fulfilled') {
        ctx.metrics.decided(s.value.decision.decision, s.value.duplicate);
        results.push({ index: accepted[i].index, ...presentOutcome(s.value) });
      } else if (s.reason instanceof InvalidTransactionError) {
        rejected.push({ index: accepted[i].index, errors: [...s.reason.errors] });
      } else if (s.reason instanceof IdempotencyConflictError) {
        rejected.push({ index: accepted[i].index, errors: [...s.reason.errors], status: 409 });
      } else throw s.reason;
    }
    rejected.sort((a, b) => a.index - b.index);
    ctx.metrics.rejected += rejected.length;
    return { accepted: results.length, rejected: rejected.length, results, errors: rejected };
  };

  // The batch route in its own scope: only it reads NDJSON (streamed, capped while parsing), and
  // at most gate.maxActive batches are read and scored at once.
  void app.register(async (scope) => {
    scope.addContentTypeParser(NDJSON_TYPES, (_req, payload, done) => {
      readNdjson(payload, { maxBytes: BATCH_BODY_LIMIT, maxRecords: MAX_BATCH }, done);
    });
    scope.post('/v1/transactions/batch', {
      bodyLimit: BATCH_BODY_LIMIT,
      config: { permission: 'transactions.write' },
      onRequest: async (req, reply) => {
        const release = await gate.acquire();
        if (!release) {
          return reply.code(503).header('retry-after', '1').send({
            error: 'busy', errors: [{ field: '(request)', reason: `${gate.maxActive} batches are being processed and ${gate.maxWaiting} wait; retry shortly` }],
          });
        }
        if (req.raw.destroyed) return release();
        reply.raw.once('close', release);
      },
    }, async (req, reply) => batch(req.body, reply));
  });
}
