import type { FastifyInstance } from 'fastify';
import { formatReasons } from '../../domain/decision.js';
import { parseIsoUtc } from '../../domain/time.js';
import type { FieldError } from '../../domain/transaction.js';
import { BacktestBusyError, type BacktestRun, type BacktestSideSpec } from '../../engine/backtest-runs.js';
import { formatProblem, RuleLoadError } from '../../rules/errors.js';
import type { ApiContext } from '../context.js';

const MAX_RULES_CHARS = 200_000;
const BODY_FIELDS = ['from', 'to', 'a', 'b'];
const SIDE_FIELDS = ['builtin_rules', 'configured_rules', 'model', 'rules'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkSide(raw: unknown, name: string, errors: FieldError[]): BacktestSideSpec {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    errors.push({ field: name, reason: 'must be an object' });
    return {};
  }
  const spec: BacktestSideSpec = {};
  for (const k of Object.keys(raw)) if (!SIDE_FIELDS.includes(k)) errors.push({ field: `${name}.${k}`, reason: `is not a backtest setting (${SIDE_FIELDS.join(', ')})` });
  const flag = (k: string): boolean | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') errors.push({ field: `${name}.${k}`, reason: 'must be true or false' });
    return typeof v === 'boolean' ? v : undefined;
  };
  spec.builtinRules = flag('builtin_rules');
  const configured = flag('configured_rules');
  if (configured !== undefined) spec.configuredRules = configured;
  const model = flag('model');
  if (model !== undefined) spec.model = model;
  const rules = raw.rules;
  if (rules !== undefined) {
    if (typeof rules !== 'string') errors.push({ field: `${name}.rules`, reason: 'must be a rule pack as YAML or JSON text' });
    else if (rules.length > MAX_RULES_CHARS) errors.push({ field: `${name}.rules`, reason: `is longer than ${MAX_RULES_CHARS} characters` });
    else spec.rules = rules;
  }
  return spec;
}

function checkTime(raw: unknown, name: string, errors: FieldError[]): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') {
    errors.push({ field: name, reason: 'must be an ISO-8601 date-time' });
    return undefined;
  }
  const t = parseIsoUtc(raw);
  if (typeof t === 'string') errors.push({ field: name, reason: t });
  return typeof t === 'number' ? t : undefined;
}

const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());

/** A run as the API shows it: progress, then (when done) the comparison and the first differing decisions. */
export function presentRun(run: BacktestRun): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: run.id, state: run.state, created_at: run.created_at, finished_at: run.finished_at ?? null, started_by: run.started_by,
    from: iso(run.from), to: iso(run.to), total: run.total, processed: run.processed,
    progress: run.state === 'done' ? 1 : run.total > 0 ? run.processed / run.total : 0,
  };
  if (run.error) out.error = run.error;
  if (run.report) out.result = run.report;
  if (run.differences) {
    out.differences = run.differences.map((d) => ({
      id: d.id, decision_a: d.decisionA, decision_b: d.decisionB, score_a: d.scoreA, score_b: d.scoreB,
      reasons_a: formatReasons(d.reasonsA), reasons_b: formatReasons(d.reasonsB),
    }));
  }
  return out;
}

/**
 * What-if backtests over the stored log: `POST /v1/backtests` starts one (202, then poll),
 * `GET /v1/backtests/{id}` answers its progress and, once done, its result; `GET /v1/backtests`
 * lists the runs kept. Stored decisions are never changed.
 */
export function backtestRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const permission = { config: { permission: 'rules.backtest' } };
  app.post('/v1/backtests', permission, async (req, reply) => {
    const runs = ctx.backtests;
    if (!runs) return reply.code(503).send({ error: 'backtests unavailable', reason: 'this server runs no backtests' });
    const body = req.body;
    if (!isObject(body)) return reply.code(400).send({ error: 'invalid backtest', errors: [{ field: '(body)', reason: 'must be a JSON object' }] });
    const errors: FieldError[] = [];
    for (const k of Object.keys(body)) if (!BODY_FIELDS.includes(k)) errors.push({ field: k, reason: `is not a backtest field (${BODY_FIELDS.join(', ')})` });
    const from = checkTime(body.from, 'from', errors);
    const to = checkTime(body.to, 'to', errors);
    if (from !== undefined && to !== undefined && to <= from) errors.push({ field: 'to', reason: 'must be after from' });
    const a = checkSide(body.a, 'a', errors);
    if (body.b === undefined) errors.push({ field: 'b', reason: 'is required: the configuration compared with a' });
    const b = checkSide(body.b, 'b', errors);
    if (errors.length === 0 && JSON.stringify(a) === JSON.stringify(b)) errors.push({ field: 'b', reason: 'is the same configuration as a' });
    if (errors.length) return reply.code(400).send({ error: 'invalid backtest', errors });
    try {
      const run = await runs.start({ from, to, a, b, by: req.principal!.id });
      await ctx.audit?.append({ actor: req.principal!.id, action: 'rules.backtest', subject: run.id, details: { from: iso(from), to: iso(to), a: describe(a), b: describe(b) } });
      return reply.code(202).header('location', `/v1/backtests/${run.id}`).send(presentRun(run));
    } catch (err) {
      if (err instanceof BacktestBusyError) return reply.code(409).send({ error: 'busy', reason: err.message, running: err.running });
      if (err instanceof RuleLoadError) {
        return reply.code(400).send({
          error: 'invalid backtest',
          errors: err.problems.map((p) => ({ field: p.file === 'a.rules' || p.file === 'b.rules' ? p.file : '(rules)', reason: formatProblem(p) })),
        });
      }
      throw err;
    }
  });
  app.get('/v1/backtests', permission, async (_req, reply) => {
    const runs = ctx.backtests;
    if (!runs) return reply.code(503).send({ error: 'backtests unavailable', reason: 'this server runs no backtests' });
    const backtests = runs.list().map((r) => ({ id: r.id, state: r.state, created_at: r.created_at, started_by: r.started_by, processed: r.processed, total: r.total }));
    return { backtests, total: backtests.length };
  });
  app.get<{ Params: { id: string } }>('/v1/backtests/:id', permission, async (req, reply) => {
    const run = ctx.backtests?.get(req.params.id);
    if (!run) return reply.code(404).send({ error: 'not found', reason: `no backtest ${req.params.id}` });
    return presentRun(run);
  });
}

/** The audit's short account of one side (the pack's size, not its text). */
function describe(s: BacktestSideSpec): { builtin_rules: boolean | string; configured_rules: boolean; model: boolean; rules_chars: number } {
  return { builtin_rules: s.builtinRules ?? 'as configured', configured_rules: s.configuredRules ?? true, model: s.model ?? true, rules_chars: s.rules?.length ?? 0 };
}
