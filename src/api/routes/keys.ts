import type { FastifyInstance } from 'fastify';
import { KEY_SCOPES, parseScopes } from '../../security/api-keys.js';
import type { ApiContext } from '../context.js';

/** API keys: listed (never the keys themselves), added (shown once) and revoked at once. */
export function keyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/v1/keys', { config: { permission: 'keys.manage' } }, async () => {
    await ctx.keys.refresh();
    const keys = ctx.keys.list();
    return { keys, total: keys.length };
  });

  app.post('/v1/keys', { config: { permission: 'keys.manage' } }, async (req, reply) => {
    const b = req.body as Record<string, unknown> | null;
    const errors: Array<{ field: string; reason: string }> = [];
    if (!b || typeof b !== 'object' || Array.isArray(b)) return reply.code(400).send({ error: 'invalid key', errors: [{ field: '(body)', reason: 'must be a JSON object {name, scopes}' }] });
    for (const k of Object.keys(b)) if (k !== 'name' && k !== 'scopes') errors.push({ field: k, reason: 'is not a key field (name, scopes)' });
    if (typeof b.name !== 'string' || b.name.trim() === '') errors.push({ field: 'name', reason: 'is required' });
    let scopes: ReturnType<typeof parseScopes> = [];
    if (!(typeof b.scopes === 'string' || Array.isArray(b.scopes))) errors.push({ field: 'scopes', reason: `is required: a list of ${KEY_SCOPES.join(', ')}` });
    else {
      try {
        scopes = parseScopes(b.scopes as string | unknown[]);
      } catch (e) {
        errors.push({ field: 'scopes', reason: (e as Error).message.replace(/^scopes: /, '') });
      }
    }
    if (errors.length) return reply.code(400).send({ error: 'invalid key', errors });
    let added;
    try {
      added = await ctx.keys.add(String(b.name).trim(), scopes, req.principal!.id);
    } catch (e) {
      return reply.code(400).send({ error: 'invalid key', errors: [{ field: 'name', reason: (e as Error).message.replace(/^name: /, '') }] });
    }
    await ctx.audit?.append({ actor: req.principal!.id, action: 'key.add', subject: `key:${added.record.id}`, details: { name: added.record.name, scopes: added.record.scopes } });
    return reply.code(201).send({ key: added.key, ...added.record, note: 'the key is shown once; store it now' });
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', { config: { permission: 'keys.manage' } }, async (req, reply) => {
    const revoked = await ctx.keys.revoke(req.params.id, req.principal!.id);
    if (!revoked) return reply.code(404).send({ error: 'not found', key: req.params.id });
    await ctx.audit?.append({ actor: req.principal!.id, action: 'key.revoke', subject: `key:${revoked.id}`, details: { name: revoked.name } });
    return { revoked };
  });
}
