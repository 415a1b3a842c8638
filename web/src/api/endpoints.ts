import { ApiError, download, get, post, query } from './client';
import type {
  AuditPage, Page, CaseActionBody, CaseAlert, CaseDetail, CaseEvent, CasePartPage, Evidence, CaseList, IsoTransfer, ListEntry, ListSummary, PathsAnswer, RingFull, RingList, Rule, Stats, User,
} from './types';

/** Every API route the dashboard calls, typed. */

const enc = encodeURIComponent;

export async function login(username: string, password: string): Promise<void> {
  await post<unknown>('/v1/auth/login', { username, password }, { quiet401: true });
}

export async function logout(): Promise<void> {
  await post<unknown>('/v1/auth/logout', {}, { quiet401: true });
}

export async function changePassword(current: string, next: string): Promise<void> {
  await post<unknown>('/v1/auth/password', { current, new: next });
}

export async function me(quiet401 = false): Promise<User> {
  const r = await get<{ user: User }>('/v1/auth/me', { quiet401 });
  return { ...r.user, must_change_password: Boolean(r.user.must_change_password) };
}

export function stats(signal?: AbortSignal): Promise<Stats> {
  return get<Stats>('/v1/stats', { signal });
}

export interface CaseQuery {
  state?: string;
  assignee?: string;
  /** Cases holding this account. */
  subject?: string;
  ring?: string;
  /** One search box: a case id (or its start) or an account (subject, payer or payee). */
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export function cases(q: CaseQuery, signal?: AbortSignal): Promise<CaseList> {
  return get<CaseList>(`/v1/cases${query({ ...q })}`, { signal });
}

/** A case with its alerts, history and evidence; `unmask` (supervisors, admins) shows personal data and is audited. */
export function caseDetail(id: string, signal?: AbortSignal, unmask = false): Promise<CaseDetail> {
  return get<CaseDetail>(`/v1/cases/${enc(id)}${unmask ? '?unmask=1' : ''}`, { signal });
}

export interface PartQuery {
  limit: number;
  offset: number;
  order?: 'asc' | 'desc';
  unmask?: boolean;
}

function partPath(id: string, part: string, q: PartQuery): string {
  return `/v1/cases/${enc(id)}/${part}${query({ limit: q.limit, offset: q.offset, order: q.order, unmask: q.unmask ? '1' : undefined })}`;
}

/** One page of a case's alerted transactions (oldest first unless `order: 'desc'`). */
export function caseAlerts(id: string, q: PartQuery, signal?: AbortSignal): Promise<CasePartPage<'alerts', CaseAlert>> {
  return get(partPath(id, 'alerts', q), { signal });
}

/** One page of a case's history. */
export function caseEvents(id: string, q: PartQuery, signal?: AbortSignal): Promise<CasePartPage<'events', CaseEvent>> {
  return get(partPath(id, 'events', q), { signal });
}

/** One page of a case's evidence snapshots. */
export function caseEvidence(id: string, q: PartQuery, signal?: AbortSignal): Promise<CasePartPage<'evidence', Evidence>> {
  return get(partPath(id, 'evidence', q), { signal });
}

/** The ISO 20022 messages behind a transaction (its id is the EndToEndId); undefined when it came another way. */
export async function isoTransfer(id: string, signal?: AbortSignal): Promise<IsoTransfer | undefined> {
  try {
    return await get<IsoTransfer>(`/v1/iso20022/transfers/${enc(id)}`, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

export function caseAction(id: string, body: CaseActionBody): Promise<unknown> {
  return post<unknown>(`/v1/cases/${enc(id)}/actions`, body);
}

export type ReportFormat = 'goaml' | 'pboc' | 'pboc-hvtr';

/** The analyst's edits sent with an export (the server validates the report with them). */
export interface ReportEdits {
  narrative?: string;
  analysis?: string;
  language?: 'zh' | 'en';
}

/** A regulatory report; masked unless `unmask` (roles with pii.unmask; the server audits it). With `edits`, the analyst's narrative goes in. */
export function caseReport(id: string, format: ReportFormat, unmask = false, edits?: ReportEdits): Promise<string> {
  const path = `/v1/cases/${enc(id)}/report${query(unmask ? { format, unmask: '1' } : { format })}`;
  return download(path, `${id}-${format}${unmask ? '' : '-masked'}`, edits ? { format, ...edits } : undefined);
}

export interface NarrativeDrafts {
  language: 'zh' | 'en';
  narrative: string | null;
  analysis: string | null;
}

/** The generated narrative and analysis of a case, to edit before export. */
export function caseNarrative(id: string, language: 'zh' | 'en', unmask = false, signal?: AbortSignal): Promise<NarrativeDrafts> {
  return get<NarrativeDrafts>(`/v1/cases/${enc(id)}/narrative${query(unmask ? { language, unmask: '1' } : { language })}`, { signal });
}

export function upstreamPaths(account: string, signal?: AbortSignal): Promise<PathsAnswer> {
  return get<PathsAnswer>(`/v1/accounts/${enc(account)}/paths${query({ to_list: 'blacklist', direction: 'upstream' })}`, { signal });
}

export function rings(algorithm: string, limit: number, signal?: AbortSignal): Promise<RingList> {
  return get<RingList>(`/v1/rings${query({ algorithm, limit })}`, { signal });
}

/** One ring with all its evidence and, per member, its alerts and cases. */
export function ring(id: string, algorithm: string, signal?: AbortSignal): Promise<RingFull> {
  return get<RingFull>(`/v1/rings/${enc(id)}${query({ algorithm })}`, { signal });
}

/** The lists and their sizes; a bare list of names is accepted too. */
export async function lists(signal?: AbortSignal): Promise<ListSummary[]> {
  const r = await get<{ lists: Array<ListSummary | string> }>('/v1/lists', { signal });
  return r.lists.map((x) => (typeof x === 'string' ? { list: x, entries: Number.NaN } : x));
}

/** Every entry of a list (the page searches them locally), read a thousand at a time. */
export async function listEntries(list: string, signal?: AbortSignal): Promise<ListEntry[]> {
  const out: ListEntry[] = [];
  for (;;) {
    const r = await get<{ entries: ListEntry[] } & Page>(`/v1/lists/${enc(list)}${query({ limit: 1000, offset: out.length })}`, { signal });
    out.push(...r.entries);
    if (r.entries.length === 0 || out.length >= r.total) return out;
  }
}

export async function rules(signal?: AbortSignal): Promise<Rule[]> {
  const r = await get<{ rules: Rule[] }>('/v1/rules', { signal });
  return r.rules;
}

export function audit(limit: number, after: number | undefined, signal?: AbortSignal): Promise<AuditPage> {
  return get<AuditPage>(`/v1/audit${query({ limit, after })}`, { signal });
}
