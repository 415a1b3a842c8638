import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { IdempotencyConflictError, InvalidTransactionError } from '../domain/transaction-check.js';
import { scopesAllow, scopesGranting } from '../security/api-keys.js';
import { DecisionTimeoutError } from '../stream/decision-timeout.js';
import { can } from '../security/permissions.js';
import type { ApiContext } from './context.js';
import { apiKeyPrincipal, sessionPrincipal, type Principal } from './principal.js';
import { registerDashboard } from './dashboard.js';
import { registerOpenApi } from './openapi.js';
import { securityHeaders } from './security-headers.js';
import { authRoutes } from './routes/auth.js';
import { backtestRoutes } from './routes/backtests.js';
import { caseRoutes } from './routes/cases.js';
import { casePartRoutes } from './routes/case-parts.js';
import { reportRoutes } from './routes/reports.js';
import { insightRoutes } from './routes/insight.js';
import { keyRoutes } from './routes/keys.js';
import { iso20022Routes } from './routes/iso20022.js';
import { listRoutes } from './routes/lists.js';
import { opsRoutes } from './routes/ops.js';
import { readRoutes } from './routes/read.js';
import { ringRoutes } from './routes/rings.js';
import { screenRoutes } from './routes/screen.js';
import { screenImportRoutes } from './routes/screen-import.js';
import { transactionRoutes } from './routes/transactions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs ('authenticated': any principal). Routes without one refuse everyone. */
    permission?: string;
    /** Answers without credentials (login only). */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Log levels at which fastify's per-request lines (info) are never written. */
const QUIET_LEVELS: ReadonlySet<string> = new Set(['warn', 'error', 'fatal']);

export interface ServerOptions {
  logLevel?: string;
}

/**
 * Builds the HTTP API. Every route answers 401 without credentials (an API key or a session)
 * and 403 unless the caller's role holds the route's permission; a route that declares no
 * permission refuses everyone, so a forgotten declaration fails closed.
 */
export function buildServer(ctx: ApiContext, options: ServerOptions = {}): FastifyInstance {
  const headers = securityHeaders();
  const level = options.logLevel && options.logLevel !== 'silent' ? options.logLevel : undefined;
  const app = Fastify({
    logger: level ? { level } : false,
    // At warn and above no request is logged (fastify logs requests at info): each request shares the
    // server's logger instead of getting a child logger of its own (one less object graph per request).
    ...(level && QUIET_LEVELS.has(level) ? { childLoggerFactory: (logger: FastifyBaseLogger) => logger } : {}),
    bodyLimit: 1 << 20,
    // A URL that cannot be decoded (`/v1/decisions/%ED%A0%80`) is answered like any bad input.
    frameworkErrors: (err, _req, reply) => {
      void (reply as FastifyReply).code(400).headers(headers).send({ error: 'bad request', errors: [{ field: '(url)', reason: err.message }] });
    },
  });
  app.decorateRequest('principal', null);
  // A callback hook, not an async one: the API-key path (every machine request) stays synchronous;
  // only session cookies need the store. Security headers first, so every answer carries them —
  // a 401 as much as the dashboard.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    const config = req.routeOptions.config;
    if (config?.public) return done();
    const admit = (principal: Principal | undefined): void => {
      if (!principal) {
        reply.header('www-authenticate', 'Bearer realm="ringwatch"');
        reply.code(401).send({ error: 'unauthorized', reason: 'send Authorization: Bearer <api key>, or log in' });
        return;
      }
      req.principal = principal;
      const permission = config?.permission;
      if (principal.mustChangePassword && !req.url.startsWith('/v1/auth/')) {
        reply.code(403).send({ error: 'forbidden', reason: 'change the one-time password first (POST /v1/auth/password)' });
        return;
      }
      const scoped = principal.kind !== 'api_key' || !permission || permission === 'authenticated' || scopesAllow(principal.scopes ?? [], permission);
      if (permission !== 'authenticated' && (!permission || !can(principal.role, permission) || !scoped)) {
        const who = principal.kind === 'api_key' ? `this API key (scopes ${(principal.scopes ?? []).join(', ') || 'none'})` : principal.role;
        reply.code(403).send({ error: 'forbidden', reason: `${who} may not ${permission ?? 'use this route'}${permission ? forbiddenHint(principal, permission) : ''}` });
        return;
      }
      done();
    };
    const key = apiKeyPrincipal(req, ctx.keys);
    if (key || !ctx.users) return admit(key);
    sessionPrincipal(req, ctx.users).then(admit, (err: unknown) => done(err as Error));
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; errors?: unknown }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    if (err instanceof InvalidTransactionError) return reply.code(400).send({ error: 'invalid transaction', errors: err.errors });
    if (err instanceof IdempotencyConflictError) return reply.code(409).send({ error: 'conflict', id: err.id, fields: err.fields, errors: err.errors });
    if (err instanceof DecisionTimeoutError) return reply.code(504).send(err.body());
    const field = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || status === 413 ? '(body)' : '(request)';
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : 'bad request', errors: [{ field, reason: err.message }] });
  });
  registerOpenApi(app);
  // Routes in a plugin registered after the OpenAPI generator, so it sees every one of them.
  void app.register(async (api) => {
    authRoutes(api, ctx);
    transactionRoutes(api, ctx);
    iso20022Routes(api, ctx);
    readRoutes(api, ctx);
    listRoutes(api, ctx);
    ringRoutes(api, ctx);
    caseRoutes(api, ctx);
    casePartRoutes(api, ctx);
    reportRoutes(api, ctx);
    insightRoutes(api, ctx);
    opsRoutes(api, ctx);
    keyRoutes(api, ctx);
    screenRoutes(api, ctx);
    screenImportRoutes(api, ctx);
    backtestRoutes(api, ctx);
  });
  registerDashboard(app);
  return app;
}

/** What would grant `permission`: the key scopes, or the roles that hold it. */
function forbiddenHint(principal: Principal, permission: string): string {
  if (principal.kind === 'api_key') {
    const scopes = can('api_key', permission) ? scopesGranting(permission) : [];
    return scopes.length ? ` (a key needs scope ${scopes.join(' or ')}: ringwatch keys add NAME --scopes ${scopes[0]})` : ' (no API key may: log in as a user whose role may)';
  }
  const roles = (['analyst', 'supervisor', 'auditor', 'admin'] as const).filter((r) => can(r, permission));
  return roles.length ? ` (roles that may: ${roles.join(', ')})` : '';
}
