import type { FastifyRequest } from 'fastify';
import type { ApiKeys, KeyScope } from '../security/api-keys.js';
import type { Principal as Role } from '../security/permissions.js';
import { resolveSession } from '../security/sessions.js';
import type { UserStore } from '../security/store-port.js';

export const SESSION_COOKIE = 'rw_session';

/** Who is calling: a machine client with an API key, or a logged-in user. */
export interface Principal {
  kind: 'api_key' | 'user';
  role: Role;
  /** `key:<hash prefix>` or the user's username: what the audit log records as the actor. */
  id: string;
  userId?: string;
  mustChangePassword?: boolean;
  /** A key's scopes: it holds only the permissions both its principal and its scopes grant. */
  scopes?: readonly KeyScope[];
}

/** Reads one cookie from the Cookie header (no library: one name, standard syntax). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A malformed escape (`rw_session=%`) is no session: the caller gets 401, not a 500.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The machine client behind a valid `Authorization: Bearer <api key>`, if any. */
export function apiKeyPrincipal(req: FastifyRequest, keys: ApiKeys): Principal | undefined {
  const key = keys.identify(req.headers.authorization);
  return key ? { kind: 'api_key', role: 'api_key', id: key.id, scopes: key.scopes } : undefined;
}

/** The user behind a valid session cookie, if any. */
export async function sessionPrincipal(req: FastifyRequest, users: UserStore): Promise<Principal | undefined> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (!token) return undefined;
  const session = await resolveSession(users, token);
  if (!session) return undefined;
  return { kind: 'user', role: session.user.role, id: `user:${session.user.username}`, userId: session.user.id, mustChangePassword: session.mustChangePassword };
}
