import type { FastifyInstance } from 'fastify';
import { validateTransaction, type FieldError } from '../../domain/transaction.js';
import { IdempotencyConflictError, InvalidTransactionError } from '../../domain/transaction-check.js';
import type { ApiContext } from '../context.js';
import { presentOutcome } from '../present.js';

const MAX_BATCH = 10_000;

/** Splits an NDJSON body into records; a line that is not JSON becomes an error at its index. */
function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      out.push(new NdjsonLineError((e as Error).message));
    }
  }
  return out;
}

class NdjsonLineError {
  constructor(readonly message: string) {}
}

export function transactionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'application/jsonl'], { parseAs: 'string', bodyLimit: 64 << 20 }, (_req, body, done) => {
    done(null, parseNdjson(body as string));
  });

  app.post('/v1/transactions', { config: { permission: 'transactions.write' } }, async (req, reply) => {
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

  app.post('/v1/transactions/batch', { bodyLimit: 64 << 20, config: { permission: 'transactions.write' } }, async (req, reply) => {
    const body = req.body;
    if (!Array.isArray(body)) {
      return reply.code(400).send({
        error: 'invalid batch',
        errors: [{ field: '(body)', reason: 'must be a JSON array of transactions or NDJSON (application/x-ndjson)' }],
      });
    }
    if (body.length > MAX_BATCH) {
      return reply.code(400).send({ error: 'invalid batch', errors: [{ field: '(body)', reason: `holds ${body.length} records; at most ${MAX_BATCH}` }] });
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
  });
}
