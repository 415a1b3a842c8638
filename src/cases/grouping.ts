import { openCase, timeMs, withAlert, type AlertFields, type Case } from './case.js';

/**
 * Alerts → cases. An alert is about a subject account (the payer unless configured otherwise).
 * It joins the case that is open for its subject, else the case open for its subject's ring, else
 * it opens a new case.
 *
 * "Open for grouping" means: not closed, and the alert's time lies within `windowMs` of the case's
 * alert span [first_alert_at, last_alert_at] (so replayed, out-of-order alerts group the same
 * way). Within that window there is never more than one case for a subject: a subject is looked up
 * among every subject a case holds (an account whose alert joined a ring case is found there too),
 * and alerts of one batch see the cases the batch itself opened. An alert beyond the window opens a
 * new case even if an older case of the subject is still being worked; the old case keeps its own
 * alerts and workflow.
 */

export const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_MS = 30 * DAY_MS;

/** Which account an alert is about: the payer, the payee, or any function of the alert. */
export type SubjectRule = 'payer' | 'payee' | ((alert: AlertFields) => string);

/** Account → ring id, as a Map or a plain object. */
export type RingMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export interface GroupingOptions {
  /** Default 'payer'. */
  subject?: SubjectRule;
  /** Ring membership; an alert whose subject is in a ring joins that ring's open case. */
  rings?: RingMap;
  /** Default 30 days. */
  windowMs?: number;
  /** Account → the risk of its ring (0–1), which adds to the priority of its case (cases/priority.ts). */
  ringRisk?: ReadonlyMap<string, number>;
}

export interface Placement {
  transaction_id: string;
  case_id: string;
  subject: string;
  ring: string | null;
  /** `opened`: the alert opened the case; `joined`: it was added to an open case. */
  kind: 'opened' | 'joined';
  /** How a joined alert found its case. */
  via: 'subject' | 'ring' | null;
}

export interface GroupingResult {
  /** Every case the batch opened or changed, in the order first touched; new cases have version 1, changed ones their old version + 1. */
  cases: Case[];
  /** One per grouped alert, in processing order (time, then transaction id). */
  placements: Placement[];
  /** Transaction ids that appeared more than once in the batch (grouped once). */
  duplicates: string[];
}

/** The subject account of an alert under `rule`; throws when the rule yields no account. */
export function subjectOf(alert: AlertFields, rule: SubjectRule = 'payer'): string {
  const s = rule === 'payer' ? alert.from : rule === 'payee' ? alert.to : rule(alert);
  if (typeof s !== 'string' || s.trim() === '') {
    throw new TypeError(`alert ${alert.transaction_id}: the subject rule gave no account`);
  }
  return s;
}

/** The ring of an account, or null. */
export function ringOf(account: string, rings: RingMap | undefined): string | null {
  if (!rings) return null;
  if (rings instanceof Map) return (rings as ReadonlyMap<string, string>).get(account) ?? null;
  const rec = rings as Readonly<Record<string, string>>;
  return Object.hasOwn(rec, account) ? rec[account] : null;
}

function checkWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`grouping window must be a non-negative number of milliseconds, got ${windowMs}`);
  return windowMs;
}

/** Whether `time` lies within `windowMs` of the case's alert span. */
export function withinWindow(c: Pick<Case, 'first_alert_at' | 'last_alert_at'>, time: string | number, windowMs: number): boolean {
  const t = timeMs(time);
  return t >= timeMs(c.first_alert_at) - windowMs && t <= timeMs(c.last_alert_at) + windowMs;
}

/** Whether the case takes an alert at `time`: not closed and within the window. */
export function acceptsAlert(c: Case, time: string | number, windowMs: number = DEFAULT_WINDOW_MS): boolean {
  return c.state !== 'closed' && withinWindow(c, time, windowMs);
}

/** Latest activity first, then id: the one choice when several cases would do. */
function better(a: Case, b: Case): Case {
  if (a.last_alert_at !== b.last_alert_at) return a.last_alert_at > b.last_alert_at ? a : b;
  return a.id < b.id ? a : b;
}

/**
 * The case an alert of `subject` (in `ring`) at `time` joins: the subject's open case first, else
 * the ring's. Among several candidates (possible only with cases from before this rule), the one
 * with the latest alert wins.
 */
export function findOpenCase(
  cases: Iterable<Case>, subject: string, ring: string | null, time: string | number, windowMs: number = DEFAULT_WINDOW_MS,
): { case: Case; via: 'subject' | 'ring' } | undefined {
  checkWindow(windowMs);
  let bySubject: Case | undefined;
  let byRing: Case | undefined;
  for (const c of cases) {
    if (!acceptsAlert(c, time, windowMs)) continue;
    if (c.subjects.includes(subject)) bySubject = bySubject ? better(bySubject, c) : c;
    else if (ring !== null && c.ring === ring) byRing = byRing ? better(byRing, c) : c;
  }
  if (bySubject) return { case: bySubject, via: 'subject' };
  if (byRing) return { case: byRing, via: 'ring' };
  return undefined;
}

/** Processing order: time, then transaction id, so a batch groups the same whatever order it came in. */
function ordered(alerts: readonly AlertFields[]): AlertFields[] {
  const keyed = alerts.map((a) => ({ a, t: timeMs(a.time, `alert ${a.transaction_id}`) }));
  keyed.sort((x, y) => x.t - y.t || (x.a.transaction_id < y.a.transaction_id ? -1 : x.a.transaction_id > y.a.transaction_id ? 1 : 0));
  return keyed.map((k) => k.a);
}

/**
 * Groups a batch of alerts into cases. `openCases` are the cases that may take alerts (closed
 * ones are ignored, so passing more is harmless); they are not changed — changed copies come back
 * in `cases`. Alerts already in a case must be left out by the caller (the store knows which).
 */
export function groupAlerts(
  alerts: readonly AlertFields[], openCases: readonly Case[], options: GroupingOptions, at: Date | string,
): GroupingResult {
  const windowMs = checkWindow(options.windowMs ?? DEFAULT_WINDOW_MS);
  const working = new Map<string, Case>();
  const base = new Map<string, number>();
  // Which cases hold a subject or a ring, so each alert looks only at its candidates.
  const bySubject = new Map<string, Set<string>>();
  const byRing = new Map<string, Set<string>>();
  const index = (map: Map<string, Set<string>>, key: string, id: string): void => {
    const ids = map.get(key);
    if (ids) ids.add(id);
    else map.set(key, new Set([id]));
  };
  const put = (c: Case): void => {
    working.set(c.id, c);
    for (const s of c.subjects) index(bySubject, s, c.id);
    if (c.ring !== null) index(byRing, c.ring, c.id);
  };
  for (const c of openCases) {
    base.set(c.id, c.version);
    if (c.state !== 'closed') put(c);
  }
  const touched = new Set<string>();
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const placements: Placement[] = [];

  for (const alert of ordered(alerts)) {
    if (seen.has(alert.transaction_id)) {
      duplicates.push(alert.transaction_id);
      continue;
    }
    seen.add(alert.transaction_id);
    const subject = subjectOf(alert, options.subject);
    const ring = ringOf(subject, options.rings);
    const ids = new Set([...(bySubject.get(subject) ?? []), ...(ring === null ? [] : byRing.get(ring) ?? [])]);
    const found = findOpenCase([...ids].map((id) => working.get(id) as Case), subject, ring, alert.time, windowMs);
    if (found) {
      const next = withAlert(found.case, alert, subject, at, options.ringRisk?.get(subject) ?? 0);
      put(next);
      touched.add(next.id);
      placements.push({ transaction_id: alert.transaction_id, case_id: next.id, subject, ring: next.ring, kind: 'joined', via: found.via });
    } else {
      const opened = openCase(alert, subject, ring, at, options.ringRisk?.get(subject) ?? 0);
      if (working.has(opened.id) || base.has(opened.id)) {
        throw new Error(`case id ${opened.id} for alert ${alert.transaction_id} already exists (was this alert grouped before?)`);
      }
      put(opened);
      touched.add(opened.id);
      placements.push({ transaction_id: alert.transaction_id, case_id: opened.id, subject, ring, kind: 'opened', via: null });
    }
  }

  const cases = [...touched].map((id) => {
    const c = working.get(id) as Case;
    const was = base.get(id);
    return was === undefined ? c : { ...c, version: was + 1 };
  });
  return { cases, placements, duplicates };
}
