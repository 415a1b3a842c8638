/**
 * The roles of the investigator product. A user has exactly one role; what a role may do is
 * decided in one place, `permissions.ts`.
 *
 * - admin: runs the installation (users, configuration); may see personal data in clear.
 * - supervisor: oversees the analysts, closes and reassigns cases, may unmask personal data.
 * - analyst: works alerts and cases; sees personal data masked.
 * - auditor: reads the audit log; sees personal data masked.
 */
export const ROLES = Object.freeze(['admin', 'supervisor', 'analyst', 'auditor'] as const);

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Parses a role name (case-insensitive, surrounding spaces ignored); throws on anything else. */
export function parseRole(value: string): Role {
  const role = value.trim().toLowerCase();
  if (!isRole(role)) throw new RangeError(`unknown role ${JSON.stringify(value)}; expected one of ${ROLES.join(', ')}`);
  return role;
}

/** What each role does, in one line each: printed with the first-run admin so nobody has to guess. */
export const ROLE_DUTIES: Readonly<Record<Role, string>> = Object.freeze({
  admin: 'users and API keys, configuration, the audit log; works and exports any case with a supervisor\'s rights; may unmask',
  supervisor: 'works and reassigns any case, closes it with any outcome, exports reports, may unmask personal data',
  analyst: 'works the cases assigned to them (closes only as false positive), exports masked reports',
  auditor: 'reads the audit log (personal data masked)',
});
