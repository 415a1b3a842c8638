import type { FastifyInstance } from 'fastify';
import { scopesAllow } from '../../security/api-keys.js';
import { permissionsOf } from '../../security/permissions.js';
import { authenticate, changePassword, UserError } from '../../security/users.js';
import { createSession, revokeSession } from '../../security/sessions.js';
import { LoginThrottle } from '../../security/login-throttle.js';
import type { ApiContext } from '../context.js';
import { readCookie, SESSION_COOKIE } from '../principal.js';

function sessionCookie(token: string, maxAgeS: number): string {
  // HttpOnly: no script reads it; SameSite=Strict: no cross-site request carries it.
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=${maxAgeS}`;
}

/** Dashboard login with username and password; sessions in an HttpOnly cookie. */
export function authRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const users = ctx.users;
  if (!users) return;
  const throttle = ctx.loginThrottle ?? new LoginThrottle();

  app.post<{ Body: unknown }>('/v1/auth/login', { config: { public: true } }, async (req, reply) => {
    const b = req.body as Record<string, unknown> | null;
    const errors = [];
    if (!b || typeof b.username !== 'string' || b.username.trim() === '') errors.push({ field: 'username', reason: 'is required' });
    if (!b || typeof b.password !== 'string' || b.password === '') errors.push({ field: 'password', reason: 'is required' });
    if (errors.length) return reply.code(400).send({ error: 'invalid login', errors });
    const username = String(b!.username);
    const userKey = username.trim().toLowerCase().slice(0, 64);
    // A locked user or address is refused before the password is checked: no guess counts, none is audited.
    const refusal = throttle.check(userKey, req.ip);
    if (refusal) {
      reply.header('retry-after', String(refusal.retryAfterS));
      return reply.code(429).send({
        error: 'too many requests',
        reason: `too many failed logins for this ${refusal.scope}; try again in ${refusal.retryAfterS} s`,
        retry_after_s: refusal.retryAfterS,
      });
    }
    const result = await authenticate(users, username, String(b!.password));
    if (!result.ok) {
      const lockouts = throttle.failed(userKey, req.ip);
      await ctx.audit?.append({ actor: `user:${userKey}`, action: 'login.failed', subject: null, details: { reason: result.reason } });
      for (const l of lockouts) {
        await ctx.audit?.append({
          actor: 'system', action: 'login.locked', subject: l.scope === 'user' ? `user:${l.key}` : `address:${l.key}`,
          details: { scope: l.scope, failures: l.failures, until: new Date(l.until).toISOString() },
        });
      }
      return reply.code(401).send({ error: 'unauthorized', reason: 'wrong username or password, or the user is disabled' });
    }
    throttle.succeeded(userKey);
    const session = await createSession(users, result.user);
    await ctx.audit?.append({ actor: `user:${result.user.username}`, action: 'login', subject: null, details: {} });
    reply.header('set-cookie', sessionCookie(session.token, Math.round((session.absoluteExpiresAt - Date.now()) / 1000)));
    return { user: { username: result.user.username, role: result.user.role, must_change_password: result.user.must_change_password } };
  });

  app.post('/v1/auth/logout', { config: { permission: 'authenticated' } }, async (req, reply) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) await revokeSession(users, token);
    await ctx.audit?.append({ actor: req.principal!.id, action: 'logout', subject: null, details: {} });
    reply.header('set-cookie', sessionCookie('', 0));
    return { ok: true };
  });

  app.get('/v1/auth/me', { config: { permission: 'authenticated' } }, async (req) => {
    const p = req.principal!;
    // What the caller may do, named as the permission table names it (a key: its scopes narrow it).
    const permissions = permissionsOf(p.role as never).filter((x) => p.kind !== 'api_key' || scopesAllow(p.scopes ?? [], x));
    return {
      user: {
        username: p.id.replace(/^user:/, ''), role: p.role, kind: p.kind, must_change_password: p.mustChangePassword ?? false,
        permissions, ...(p.kind === 'api_key' ? { scopes: p.scopes ?? [] } : {}),
      },
    };
  });

  app.post<{ Body: unknown }>('/v1/auth/password', { config: { permission: 'authenticated' } }, async (req, reply) => {
    const p = req.principal!;
    if (p.kind !== 'user') return reply.code(403).send({ error: 'forbidden', reason: 'API keys have no password' });
    const b = req.body as Record<string, unknown> | null;
    if (!b || typeof b.current !== 'string' || typeof b.new !== 'string') {
      return reply.code(400).send({ error: 'invalid request', errors: [{ field: typeof b?.current !== 'string' ? 'current' : 'new', reason: 'is required' }] });
    }
    try {
      await changePassword(users, p.id.replace(/^user:/, ''), b.current, b.new);
    } catch (e) {
      if (e instanceof UserError) return reply.code(400).send({ error: 'invalid request', errors: [{ field: 'new', reason: e.message }] });
      throw e;
    }
    await ctx.audit?.append({ actor: p.id, action: 'password.change', subject: p.id, details: {} });
    return { ok: true, reason: 'password changed; log in again' };
  });
}
