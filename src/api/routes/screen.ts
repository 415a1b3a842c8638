import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../../domain/transaction.js';
import { can } from '../../security/permissions.js';
import { maskIdNumber, maskName } from '../../security/masking.js';
import type { ScreenQuery } from '../../screening/entry.js';
import { parseAsOf } from '../../screening/lists/store.js';
import type { ApiContext } from '../context.js';

const MAX_BATCH = 1000;
const FIELDS = ['query_id', 'name', 'country', 'dob', 'id_no'];

function checkQuery(raw: unknown, index: number): { query?: ScreenQuery; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [{ field: '(record)', reason: 'must be an object' }] };
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!FIELDS.includes(k)) errors.push({ field: k, reason: 'is not a screening query field' });
  const str = (k: string, max: number): string | undefined => {
    const v = r[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') {
      errors.push({ field: k, reason: 'must be a string' });
      return undefined;
    }
    if (v.length > max) errors.push({ field: k, reason: `is longer than ${max} characters` });
    return v.trim();
  };
  const name = str('name', 300);
  if (!name) errors.push({ field: 'name', reason: 'is required' });
  const dob = str('dob', 10);
  if (dob !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(dob)) errors.push({ field: 'dob', reason: 'must be YYYY, YYYY-MM or YYYY-MM-DD' });
  const country = str('country', 2);
  if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) errors.push({ field: 'country', reason: 'must be an ISO 3166-1 alpha-2 code' });
  const query: ScreenQuery = { query_id: str('query_id', 100) ?? String(index), name: name ?? '', dob, country, id_no: str('id_no', 40) };
  return errors.length ? { errors } : { query, errors };
}

/**
 * `POST /v1/screen`: one query object or an array (up to 1,000) against the stored name lists;
 * `?as_of=` replays the list versions in force then. List entries' names and id numbers are
 * masked for callers without pii.unmask.
 */
export function screenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Querystring: { as_of?: string; threshold?: string } }>('/v1/screen', { config: { permission: 'lists.read' } }, async (req, reply) => {
    const service = ctx.screening;
    if (!service) return reply.code(503).send({ error: 'screening unavailable', reason: 'the server runs without a store (--db)' });
    const many = Array.isArray(req.body);
    const raws: unknown[] = many ? (req.body as unknown[]) : [req.body];
    if (raws.length === 0 || raws.length > MAX_BATCH) {
      return reply.code(400).send({ error: 'invalid screening request', errors: [{ field: '(body)', reason: `must hold 1 to ${MAX_BATCH} queries` }] });
    }
    const errors: Array<{ index: number; errors: FieldError[] }> = [];
    const queries: ScreenQuery[] = [];
    raws.forEach((raw, index) => {
      const c = checkQuery(raw, index);
      if (c.query) queries.push(c.query);
      else errors.push({ index, errors: c.errors });
    });
    if (errors.length) return reply.code(400).send(many ? { error: 'invalid screening queries', errors } : { error: 'invalid screening query', errors: errors[0].errors });
    let asOf: string | undefined;
    let threshold: number | undefined;
    try {
      if (req.query.as_of) asOf = parseAsOf(req.query.as_of, 'as_of');
    } catch (e) {
      return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'as_of', reason: (e as Error).message }] });
    }
    if (req.query.threshold !== undefined) {
      threshold = Number(req.query.threshold);
      if (!(threshold >= 0 && threshold <= 1)) return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'threshold', reason: 'must be a number in [0, 1]' }] });
    }
    const result = service.screen(queries, { asOf, threshold });
    const unmask = can(req.principal!.role, 'pii.unmask');
    const matches = result.matches.map((m) => ({
      query_id: m.query_id, list: m.list, list_id: m.list_id, score: m.score, reasons: m.reasons,
      entry: {
        name: unmask || m.entry.kind !== 'person' ? m.entry.name : maskName(m.entry.name), kind: m.entry.kind, country: m.entry.country,
        dob: unmask ? m.entry.dob : m.entry.dob.replace(/-\d{2}-\d{2}/g, '-**-**'), id_no: unmask ? m.entry.id_no : maskIdNumber(m.entry.id_no), source: m.entry.source,
      },
    }));
    return { matches, lists: result.lists, masked: !unmask };
  });

  app.get('/v1/screen/lists', { config: { permission: 'lists.read' } }, async (_req, reply) => {
    if (!ctx.screening) return reply.code(503).send({ error: 'screening unavailable', reason: 'the server runs without a store (--db)' });
    const lists = ctx.screening.lists();
    return { lists, total: lists.length };
  });
}
