import { ROLES, type Role } from './roles.js';

/**
 * What each role may do: the single permission table of the product. API routes ask
 * `can(principal, permission)`; nothing else decides access. Each permission is named for what it
 * allows: `cases.read` reads the queue and a case, `cases.work` assigns, investigates, escalates,
 * comments and attaches, `cases.close` closes and reopens, `cases.export` downloads a regulatory
 * report (masked unless the caller also holds `pii.unmask` and asks).
 *
 * `api_key` stands for a machine client authenticated with an API key (see api-keys.ts); it is not
 * a user role and can never be given to a user.
 */
export const PERMISSIONS = Object.freeze([
  'transactions.write',
  'alerts.read',
  'cases.read',
  'lists.read',
  'ops.read',
  'cases.work',
  'cases.close',
  'cases.export',
  'pii.unmask',
  'audit.read',
  'users.manage',
  'lists.write',
  'rules.read',
  'rules.backtest',
  'config.write',
  'keys.manage',
] as const);

export type Permission = (typeof PERMISSIONS)[number];

/** Who a permission is checked for: a user's role, or a machine client holding an API key. */
export type Principal = Role | 'api_key';

const only = (...principals: Principal[]): readonly Principal[] => Object.freeze(principals);

/** The table itself: for each permission, the principals that hold it. */
export const PERMISSION_TABLE: Readonly<Record<Permission, readonly Principal[]>> = Object.freeze({
  'transactions.write': only('api_key', 'admin'),
  // Machine clients read the decisions and alerts they caused (case work stays with people).
  'alerts.read': only('api_key', 'analyst', 'supervisor', 'admin'),
  'cases.read': only('api_key', 'analyst', 'supervisor', 'admin'),
  'lists.read': only('api_key', 'analyst', 'supervisor', 'admin'),
  // Health and metrics: monitoring systems hold an API key.
  'ops.read': only('api_key', 'admin'),
  // Case work is people's: analysts, supervisors, and the admin (who acts with a supervisor's rights,
  // so the installation's first user can work the demo's cases end to end; the workflow table says
  // from which states).
  'cases.work': only('analyst', 'supervisor', 'admin'),
  'cases.close': only('analyst', 'supervisor', 'admin'),
  // Regulatory reports: masked unless the caller may and asks to unmask (audited as an unmasking);
  // a key with the `reports` scope fetches them masked (a filing system).
  'cases.export': only('api_key', 'analyst', 'supervisor', 'admin'),
  'pii.unmask': only('supervisor', 'admin'),
  'audit.read': only('auditor', 'admin'),
  'users.manage': only('admin'),
  // A sanctions or fraud-consortium feed keeps lists current through an API key.
  'lists.write': only('api_key', 'supervisor', 'admin'),
  'rules.read': only(...ROLES, 'api_key'),
  // What-if backtests replay the whole stored log twice: people who tune the rules, no machine client.
  'rules.backtest': only('supervisor', 'admin'),
  'config.write': only('admin'),
  // API keys: admins, and keys with the admin scope (api-keys.ts narrows every key to its scopes).
  'keys.manage': only('admin', 'api_key'),
});

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether `principal` holds `permission`. Unknown principals or permissions hold nothing. */
export function can(principal: Principal | string, permission: Permission | string): boolean {
  if (!isPermission(permission)) return false;
  return (PERMISSION_TABLE[permission] as readonly string[]).includes(principal);
}

/** Every permission `principal` holds, in table order. */
export function permissionsOf(principal: Principal): Permission[] {
  return PERMISSIONS.filter((p) => can(principal, p));
}
