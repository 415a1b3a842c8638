import Fastify, { type FastifyInstance } from 'fastify';
import type { ApiContext } from './context.js';
import { listRoutes } from './routes/lists.js';
import { opsRoutes } from './routes/ops.js';
import { readRoutes } from './routes/read.js';
import { ringRoutes } from './routes/rings.js';
import { transactionRoutes } from './routes/transactions.js';

export interface ServerOptions {
  logLevel?: string;
}

/** Builds the HTTP API. Every route, health and metrics included, requires an API key. */
export function buildServer(ctx: ApiContext, options: ServerOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    bodyLimit: 1 << 20,
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!ctx.keys.verifyHeader(req.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer realm="ringwatch"');
      return reply.code(401).send({ error: 'unauthorized', reason: 'send Authorization: Bearer <api key>' });
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    const field = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || status === 413 ? '(body)' : '(request)';
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : 'bad request', errors: [{ field, reason: err.message }] });
  });
  transactionRoutes(app, ctx);
  readRoutes(app, ctx);
  listRoutes(app, ctx);
  ringRoutes(app, ctx);
  opsRoutes(app, ctx);
  return app;
}
