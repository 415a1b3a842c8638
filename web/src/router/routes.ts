import type { Role } from '../api/types';
import type { MessageKey } from '../i18n/en';

export type PageId = 'overview' | 'cases' | 'case' | 'rings' | 'lists' | 'screening' | 'rules' | 'audit';

export interface Match {
  page: PageId | 'notFound';
  params: Record<string, string>;
}

/** Which roles may open each page (the server enforces; this hides what a role cannot use). */
export const PAGE_ROLES: Record<PageId, readonly Role[]> = {
  overview: ['admin', 'supervisor', 'analyst', 'auditor'],
  cases: ['admin', 'supervisor', 'analyst'],
  case: ['admin', 'supervisor', 'analyst'],
  rings: ['admin', 'supervisor', 'analyst'],
  lists: ['admin', 'supervisor', 'analyst'],
  screening: ['admin', 'supervisor', 'analyst'],
  rules: ['admin', 'supervisor', 'analyst'],
  audit: ['admin', 'auditor'],
};

export interface NavItem {
  page: PageId;
  path: string;
  label: MessageKey;
}

export const NAV: readonly NavItem[] = [
  { page: 'overview', path: '/', label: 'nav.overview' },
  { page: 'cases', path: '/cases', label: 'nav.cases' },
  { page: 'rings', path: '/rings', label: 'nav.rings' },
  { page: 'lists', path: '/lists', label: 'nav.lists' },
  { page: 'screening', path: '/screening', label: 'nav.screening' },
  { page: 'rules', path: '/rules', label: 'nav.rules' },
  { page: 'audit', path: '/audit', label: 'nav.audit' },
];

export function canOpen(role: Role, page: PageId): boolean {
  return PAGE_ROLES[page].includes(role);
}

export function matchRoute(path: string): Match {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/overview') return { page: 'overview', params: {} };
  const caseMatch = /^\/cases\/([^/]+)$/.exec(p);
  if (caseMatch) return { page: 'case', params: { id: decodeURIComponent(caseMatch[1]) } };
  const simple: Record<string, PageId> = { '/cases': 'cases', '/rings': 'rings', '/lists': 'lists', '/screening': 'screening', '/rules': 'rules', '/audit': 'audit' };
  const page = simple[p];
  return page ? { page, params: {} } : { page: 'notFound', params: {} };
}
