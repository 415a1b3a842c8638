import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { WIRE_SCHEMAS } from './wire-schemas.js';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** One line per route for the OpenAPI description; the permission comes from the route itself. */
const SUMMARIES: Record<string, [tag: string, summary: string]> = {
  'POST /v1/transactions': ['transactions', 'Score one transaction; answers once it is durable. The same id again returns the stored decision.'],
  'POST /v1/transactions/batch': ['transactions', 'Score a JSON array or NDJSON of transactions; bad records are reported by index.'],
  'GET /v1/decisions/:id': ['transactions', 'A stored decision with its transaction (from, to, amount, currency, time, …).'],
  'POST /v1/evaluate/iso20022/pain.001.001.11': ['iso20022', 'pain.001 (Tazama JSON dialect or ISO 20022 XML): scored as the intended transfer; answers {message, data, decision, transfer} once durable.'],
  'POST /v1/evaluate/iso20022/pain.013.001.09': ['iso20022', 'pain.013 request to pay: recorded and linked to its transfer by EndToEndId (scored when it is the first message of the transfer).'],
  'POST /v1/evaluate/iso20022/pacs.008.001.10': ['iso20022', 'pacs.008: scored as the transfer, or linked to its pain.001/pain.013 by EndToEndId and never counted twice.'],
  'POST /v1/evaluate/iso20022/pacs.002.001.12': ["iso20022", "pacs.002: records the status (ACCC settled, RJCT rejected, others pending) and answers with the transfer's decision."],
  'GET /v1/iso20022/transfers/:id': ['iso20022', 'An ISO 20022 transfer by EndToEndId: status, decision and every message with its facts.'],
  'GET /v1/alerts': ['alerts', 'REVIEW and BLOCK decisions, newest first (decision, account, before; limit, offset; answers total).'],
  'GET /v1/accounts/:id': ['accounts', "An account's live window state."],
  'GET /v1/accounts/:id/paths': ['rings', 'Time-respecting paths to an account or to listed accounts (to, to_list, max_hops, k, window, amount_tolerance, direction).'],
  'GET /v1/rings': ['rings', 'Rings: gangs by default (members, risk, reasons, evidence transfers, the ring case); algorithm=components|leiden|louvain for exploration; limit, offset; answers total.'],
  'GET /v1/rings/:id': ['rings', 'One ring with all its evidence and, per member, its alerts and cases.'],
  'GET /v1/lists': ['lists', 'Blacklists and watchlists with entry counts.'],
  'GET /v1/lists/:list': ['lists', "A list's entries (limit, offset; answers total)."],
  'POST /v1/lists/:list/entries': ['lists', 'Add an entry or an array of entries (all or nothing).'],
  'DELETE /v1/lists/:list/entries/:kind/:value': ['lists', 'Remove an entry.'],
  'POST /v1/screen': ['screening', 'Screen one name or an array (up to 1,000) against the stored sanctions lists and blacklists; ?as_of= replays old list versions; scores with reasons, entries masked without pii.unmask.'],
  'GET /v1/screen/lists': ['screening', 'The stored name lists and their dated versions.'],
  'POST /v1/screen/lists/:list': ['screening', 'A new dated version of a name list (?format=csv as text/csv, un-xml as application/xml; ?as_of=); every stored party is re-screened and new hits open alerts in screening cases.'],
  'GET /v1/cases': ['cases', 'The case queue (state, assignee, subject, ring, account, party, id, q; sort, order; limit, offset; answers total).'],
  'GET /v1/cases/:id': ['cases', 'A case with its alerts, history and frozen evidence, and the actions open to the caller (allowed_actions, close_outcomes); personal data masked unless ?unmask=1 (audited).'],
  'POST /v1/cases/:id/actions': ['cases', 'Workflow: assign, reassign, investigate, escalate, close (outcome), reopen, comment, attach (metadata).'],
  'GET /v1/cases/:id/report': ['cases', 'Export as goAML STR XML (format=goaml) or PBOC STR JSON (format=pboc); 422 names missing fields.'],
  'GET /v1/rules': ['rules', 'Rules with descriptions (en, zh) and hit counts.'],
  'POST /v1/backtests': ['rules', 'Start a what-if backtest {from, to, a, b}: the stored log replayed through two rule configurations (each side: builtin_rules, configured_rules, model, rules as YAML text); 202 with the run, 409 while one runs. Stored decisions never change.'],
  'GET /v1/backtests': ['rules', 'The backtests kept in memory, newest first.'],
  'GET /v1/backtests/:id': ['rules', "A backtest's progress and, once done, its result per rule and in total and the first differing decisions."],
  'GET /v1/stats': ['overview', "Dashboard overview, counted from the store: transactions, decisions by verdict, alerts, cases by state, alerts by day, top rules and rings; tps_recent and since_start are this process's."],
  'GET /v1/audit': ['audit', 'The audit log, oldest first (auditors and admins; after, limit, offset; answers total).'],
  'POST /v1/auth/login': ['auth', 'Log in with username and password; sets an HttpOnly session cookie.'],
  'POST /v1/auth/logout': ['auth', 'End the session.'],
  'GET /v1/auth/me': ['auth', 'The caller.'],
  'POST /v1/auth/password': ['auth', 'Change the password.'],
  'GET /v1/keys': ['keys', 'API keys with their scopes (never the keys themselves).'],
  'POST /v1/keys': ['keys', 'Create an API key {name, scopes: ingest|read|lists|reports|admin}; the key is shown once.'],
  'DELETE /v1/keys/:id': ['keys', 'Revoke an API key; refused from the next request on.'],
  'GET /healthz': ['operations', 'Health.'],
  'GET /metrics': ['operations', 'Prometheus metrics.'],
  'GET /docs': ['operations', 'This description in an interactive viewer (Swagger UI); the raw OpenAPI JSON is at /docs/json.'],
  'GET /docs/json': ['operations', 'This OpenAPI description as JSON.'],
};

/**
 * Registers the OpenAPI generator: every route gets its tag, summary and required permission in
 * the description (no schema validation is added: bodies are checked by our validators, which
 * name each bad field).
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    // The viewer's own routes (page, assets, JSON) answer any caller with credentials (a dashboard session in a browser).
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      const c = (route.config ?? {}) as { permission?: string };
      if (!c.permission) route.config = { ...c, permission: 'authenticated' } as never;
    }
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    const doc = SUMMARIES[`${method} ${route.url}`];
    const config = route.config as { permission?: string; public?: boolean } | undefined;
    const needs = config?.public ? 'none (public)' : (config?.permission ?? 'nobody');
    route.schema = {
      ...(route.schema ?? {}),
      tags: [doc?.[0] ?? 'other'],
      summary: doc?.[1] ?? '',
      description: `Permission: ${needs}.`,
      ...(config?.public ? { security: [] } : {}),
    };
  });
  void app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema (type lists such as ["number", "string"]).
      openapi: '3.1.0',
      info: { title: 'Ringwatch API', version: '0.1.0', description: 'Real-time financial-crime detection: transactions, decisions, alerts, cases, rings, lists, audit.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key for machine clients' },
          session: { type: 'apiKey', in: 'cookie', name: 'rw_session', description: 'Dashboard session' },
        },
        // The shared wire shapes (money, reasons, pages, …); the dashboard's types are generated from them.
        schemas: WIRE_SCHEMAS as never,
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  // /docs: the interactive viewer; /docs/json and /docs/yaml: the description itself.
  void app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true }, staticCSP: false });
}
