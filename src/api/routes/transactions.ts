import type { FastifyInstance, FastifyReply } from 'fastify';
import { validateTransaction, type FieldError, type Validated } from '../../domain/transaction.js';
import { settle, settleOne } from '../../stream/intake.js';
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
    const s = await settleOne(v, ctx.submitter ?? ctx.pipeline, ctx.metrics);
    if (!s.ok) {
      // A conflict (or a record the store would refuse) keeps the error handler's wire form.
      if (s.cause) throw s.cause;
      return reply.code(400).send({ error: 'invalid transaction', errors: s.errors });
    }
    ctx.metrics.latency.observe(performance.now() - started);
    return presentOutcome(s.outcome);
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
    const records: Validated[] = body.map((raw) =>
      raw instanceof NdjsonLineError
        ? { ok: false, errors: [{ field: '(record)', reason: `not JSON: ${raw.message}` }] }
        : validateTransaction(raw, ctx.defaults, true),
    );
    const settled = await settle(records, ctx.submitter ?? ctx.pipeline, ctx.metrics);
    const results: Array<Record<string, unknown>> = [];
    const rejected: Array<{ index: number; errors: FieldError[]; status?: 409 | 504 }> = [];
    settled.forEach((s, index) => {
      if (s.ok) results.push({ index, ...presentOutcome(s.outcome) });
      else rejected.push(s.status === 400 ? { index, errors: s.errors } : { index, errors: s.errors, status: s.status });
    });
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
