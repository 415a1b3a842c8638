import type { FastifyInstance } from 'fastify';
import { LIST_KINDS, validateListEntry, type ListKind } from '../../domain/list.js';
import type { FieldError } from '../../domain/transaction.js';
import type { ApiContext } from '../context.js';
import { intQuery, MAX_POSITION } from '../query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, page } from '../shape.js';

/** Blacklists and watchlists: read, add (one or many), remove. Changes apply to the next transaction. */
export function listRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/v1/lists', { config: { permission: 'lists.read' } }, async () => {
    const lists = ctx.lists.lists.names();
    return { lists, total: lists.length };
  });

  app.get<{ Params: { list: string }; Querystring: Record<string, string | undefined> }>('/v1/lists/:list', { config: { permission: 'lists.read' } }, async (req, reply) => {
    const limit = intQuery(req.query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = intQuery(req.query.offset, 0, 0, MAX_POSITION);
    if (typeof limit === 'string') return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'limit', reason: limit }] });
    if (typeof offset === 'string') return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'offset', reason: offset }] });
    const entries = ctx.lists.lists.show(req.params.list);
    if (entries.length === 0) return reply.code(404).send({ error: 'not found', list: req.params.list });
    return { list: req.params.list, ...page('entries', entries.slice(offset, offset + limit), entries.length, limit, offset) };
  });

  app.post<{ Params: { list: string } }>('/v1/lists/:list/entries', { config: { permission: 'lists.write' } }, async (req, reply) => {
    const many = Array.isArray(req.body);
    const raws: unknown[] = many ? (req.body as unknown[]) : [req.body];
    const checked = raws.map((raw) => validateListEntry(raw, req.params.list));
    const errors: Array<{ index: number; errors: FieldError[] }> = [];
    checked.forEach((c, index) => {
      if (!c.ok) errors.push({ index, errors: c.errors });
    });
    // All or nothing: one bad entry and none is added.
    if (errors.length) {
      return reply.code(400).send(many ? { error: 'invalid list entries', errors } : { error: 'invalid list entry', errors: errors[0].errors });
    }
    let added = 0;
    for (const c of checked) {
      if (!c.ok || !(await ctx.lists.add(c.entry))) continue;
      added++;
      await ctx.audit?.append({ actor: req.principal!.id, action: 'list.add', subject: c.entry.list, details: { kind: c.entry.kind, value: c.entry.value, reason: c.entry.reason } });
    }
    return reply.code(added ? 201 : 200).send({ list: req.params.list, added, unchanged: checked.length - added });
  });

  app.delete<{ Params: { list: string; kind: string; value: string } }>('/v1/lists/:list/entries/:kind/:value', { config: { permission: 'lists.write' } }, async (req, reply) => {
    const { list, kind, value } = req.params;
    if (!(LIST_KINDS as readonly string[]).includes(kind)) {
      return reply.code(400).send({ error: 'invalid query', errors: [{ field: 'kind', reason: `must be one of ${LIST_KINDS.join(', ')}` }] });
    }
    const removed = await ctx.lists.remove(list, kind as ListKind, value);
    if (!removed) return reply.code(404).send({ error: 'not found', list, kind, value });
    await ctx.audit?.append({ actor: req.principal!.id, action: 'list.remove', subject: list, details: { kind, value } });
    return { list, kind, value, removed: true };
  });
}
