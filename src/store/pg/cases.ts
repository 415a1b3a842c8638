import type pg from 'pg';
import { CASE_STATES, type Case, type CaseEvent, type CaseOutcome, type CaseState, type StoredCaseEvent } from '../../cases/case.js';
import { evidenceFromStored, type Evidence } from '../../cases/evidence.js';
import {
  CASE_SORTS, CaseConflictError, pageRange, type CaseAlert, type CasePartPage, type CaseDetail, type PageRange, type CaseFilter, type CaseQuery, type CaseStore, type CaseWrite, type OpenCaseLookup,
} from '../../cases/store-port.js';
import { inTransaction, LOCKS } from './client.js';
import { casePriority } from '../../cases/priority.js';
import { backfillBasis, fromCase, toCase, toCaseAlert, toEvent, type CaseAlertRow, type CaseRow, type EventRow } from '../case-rows.js';

const CASE_COLUMNS = 'id, subject, subjects, ring, state, outcome, assignee, risk, risk_basis, alert_count, first_alert_at, last_alert_at, opened_at, updated_at, closed_at, version';
const ALERT_COLUMNS = 'transaction_id, case_id, subject, ring, time, from_account, to_account, amount, currency, score, decision, reasons, added_at';
/** Text compares byte by byte, as SQLite's default collation does (ids and ISO times sort the same everywhere). */
const C = 'COLLATE "C"';

/** `o` holds subject `$n`: its opening subject, or any alert's subject. */
const holdsSubject = (p: string): string => `(o.subject = ${p} OR EXISTS (SELECT 1 FROM case_alerts a WHERE a.case_id = o.id AND a.subject = ${p}))`;

/** Positional parameters built as the query is. */
class Args {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The case store on PostgreSQL, with the same rules as the SQLite one: one write is one database
 * transaction; writers queue on an advisory lock before the duplicate guard reads (as SQLite's
 * BEGIN IMMEDIATE), so two processes cannot both open a case for one subject; history and evidence
 * refuse UPDATE and DELETE (a trigger).
 */
export class PgCaseStore implements CaseStore {
  readonly kind = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async commit(w: CaseWrite): Promise<StoredCaseEvent[]> {
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.cases]);
      const version = async (id: string): Promise<number | undefined> => (await c.query<{ version: number }>('SELECT version FROM cases WHERE id = $1', [id])).rows[0]?.version;
      const holderOf = async (tx: string): Promise<string | undefined> =>
        (await c.query<{ case_id: string }>('SELECT case_id FROM case_alerts WHERE transaction_id = $1', [tx])).rows[0]?.case_id;
      const needCase = async (id: string, what: string): Promise<void> => {
        if ((await version(id)) === undefined) throw new CaseConflictError('missing', id, `${what} names case ${id}, which does not exist`);
      };
      const cases = w.cases ?? [];
      if (w.guard) {
        for (const k of cases) {
          if (k.version !== 1) continue;
          const t = Date.parse(k.first_alert_at);
          const lo = new Date(t - w.guard.windowMs).toISOString();
          const hi = new Date(t + w.guard.windowMs).toISOString();
          const r = await c.query<{ id: string }>(
            `SELECT o.id FROM cases o WHERE o.id IN (
                SELECT id FROM cases WHERE subject = $1
                UNION SELECT case_id FROM case_alerts WHERE subject = $1
                UNION SELECT id FROM cases WHERE ring = $2)
              AND o.state != 'closed' AND o.id != $3
              AND o.first_alert_at ${C} <= $4 AND o.last_alert_at ${C} >= $5 ORDER BY o.last_alert_at ${C} DESC, o.id ${C} LIMIT 1`,
            [k.subject, k.ring, k.id, hi, lo],
          );
          const other = r.rows[0]?.id;
          if (other !== undefined) {
            throw new CaseConflictError('duplicate_open_case', k.id, `case ${k.id} would duplicate open case ${other} of subject ${k.subject}${k.ring ? ` / ring ${k.ring}` : ''}`);
          }
        }
      }
      for (const k of cases) {
        const row = fromCase(k);
        const values = [row.id, row.subject, row.subjects, row.ring, row.state, row.outcome, row.assignee, row.risk, row.alert_count,
          row.first_alert_at, row.last_alert_at, row.opened_at, row.updated_at, row.closed_at, row.version, row.risk_basis];
        if (k.version === 1) {
          if ((await version(k.id)) !== undefined) throw new CaseConflictError('exists', k.id, `case ${k.id} already exists`);
          await c.query(`INSERT INTO cases (${CASE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $16, $9, $10, $11, $12, $13, $14, $15)`, values);
        } else {
          const r = await c.query(
            `UPDATE cases SET subject = $2, subjects = $3, ring = $4, state = $5, outcome = $6, assignee = $7, risk = $8, risk_basis = $16, alert_count = $9,
               first_alert_at = $10, last_alert_at = $11, opened_at = $12, updated_at = $13, closed_at = $14, version = $15
             WHERE id = $1 AND version = $15 - 1`, values);
          if (r.rowCount !== 1) {
            const stored = await version(k.id);
            if (stored === undefined) throw new CaseConflictError('missing', k.id, `case ${k.id} does not exist`);
            throw new CaseConflictError('version', k.id, `case ${k.id} changed since it was read (stored version ${stored}, write expects ${k.version - 1})`);
          }
        }
      }
      for (const a of w.alerts ?? []) {
        await needCase(a.case_id, `alert ${a.transaction_id}`);
        const holder = await holderOf(a.transaction_id);
        if (holder !== undefined) throw new CaseConflictError('alert_taken', a.case_id, `alert ${a.transaction_id} is already in case ${holder}`);
        await c.query(`INSERT INTO case_alerts (${ALERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
          a.transaction_id, a.case_id, a.subject, a.ring, a.time, a.from, a.to, a.amount, a.currency, a.score, a.decision, JSON.stringify(a.reasons), a.added_at,
        ]);
      }
      for (const m of w.moves ?? []) {
        await needCase(m.to, `moving alert ${m.transaction_id}`);
        const r = await c.query('UPDATE case_alerts SET case_id = $1, ring = $2 WHERE transaction_id = $3 AND case_id = $4', [m.to, m.ring, m.transaction_id, m.from]);
        if (r.rowCount !== 1) {
          const holder = await holderOf(m.transaction_id);
          throw new CaseConflictError('alert_taken', m.to, `alert ${m.transaction_id} is ${holder === undefined ? 'in no case' : `in case ${holder}`}, not in case ${m.from}`);
        }
      }
      for (const e of w.evidence ?? []) {
        await needCase(e.case_id, `evidence for ${e.transaction_id}`);
        await c.query('INSERT INTO case_evidence (case_id, transaction_id, captured_at, content, sha256) VALUES ($1, $2, $3, $4, $5)',
          [e.case_id, e.transaction_id, e.captured_at, e.canonical, e.sha256]);
      }
      const stored: StoredCaseEvent[] = [];
      for (const e of w.events ?? []) {
        await needCase(e.case_id, `a ${e.kind} event`);
        const r = await c.query<{ seq: number }>(
          'INSERT INTO case_events (case_id, kind, actor, time, from_state, to_state, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq',
          [e.case_id, e.kind, e.actor, e.time, e.from_state, e.to_state, e.note, JSON.stringify(e.data)]);
        stored.push({ ...(e as CaseEvent), seq: r.rows[0].seq });
      }
      return stored;
    });
  }

  async getCase(id: string): Promise<Case | undefined> {
    const r = await this.pool.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
    return r.rows[0] && toCase(r.rows[0]);
  }

  async getCaseDetail(id: string): Promise<CaseDetail | undefined> {
    const c = await this.getCase(id);
    if (!c) return undefined;
    const alerts = await this.pool.query<CaseAlertRow>(`SELECT ${ALERT_COLUMNS} FROM case_alerts WHERE case_id = $1 ORDER BY time ${C}, transaction_id ${C}`, [id]);
    const events = await this.pool.query<EventRow>('SELECT seq, case_id, kind, actor, time, from_state, to_state, note, data FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
    const evidence = await this.pool.query<{ content: string; sha256: string }>('SELECT content, sha256 FROM case_evidence WHERE case_id = $1 ORDER BY seq', [id]);
    return {
      case: c,
      alerts: alerts.rows.map(toCaseAlert),
      events: events.rows.map(toEvent),
      evidence: evidence.rows.map((r): Evidence => evidenceFromStored(r.content, r.sha256)),
    };
  }

  async caseAlerts(id: string, range: PageRange): Promise<CasePartPage<CaseAlert>> {
    return this.part(id, range, `SELECT ${ALERT_COLUMNS} FROM case_alerts WHERE case_id = $1 ORDER BY time ${C} {dir}, transaction_id ${C} {dir}`, 'case_alerts', (r) => toCaseAlert(r as CaseAlertRow));
  }

  async caseEvents(id: string, range: PageRange): Promise<CasePartPage<StoredCaseEvent>> {
    return this.part(id, range, 'SELECT seq, case_id, kind, actor, time, from_state, to_state, note, data FROM case_events WHERE case_id = $1 ORDER BY seq {dir}', 'case_events', (r) => toEvent(r as EventRow));
  }

  async caseEvidence(id: string, range: PageRange): Promise<CasePartPage<Evidence>> {
    return this.part(id, range, 'SELECT content, sha256 FROM case_evidence WHERE case_id = $1 ORDER BY seq {dir}', 'case_evidence', (r) => {
      const row = r as { content: string; sha256: string };
      return evidenceFromStored(row.content, row.sha256);
    });
  }

  private async part<T>(id: string, range: PageRange, sql: string, table: string, map: (row: unknown) => T): Promise<CasePartPage<T>> {
    const { limit, offset, order } = pageRange(range);
    const total = Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [id])).rows[0].n);
    const rows = total > offset ? (await this.pool.query(`${sql.replaceAll('{dir}', order === 'desc' ? 'DESC' : 'ASC')} LIMIT $2 OFFSET $3`, [id, limit, offset])).rows : [];
    return { items: rows.map(map), total };
  }

  async findOpenCase(lookup: OpenCaseLookup): Promise<Case | undefined> {
    if (lookup.subject === undefined && lookup.ring === undefined) throw new TypeError('findOpenCase: give a subject or a ring');
    const args = new Args();
    const where = ["o.state != 'closed'"];
    const who: string[] = [];
    let subject: string | undefined;
    if (lookup.subject !== undefined) (subject = args.add(lookup.subject)), who.push(holdsSubject(subject));
    if (lookup.ring !== undefined) who.push(`o.ring = ${args.add(lookup.ring)}`);
    where.push(`(${who.join(' OR ')})`);
    if (lookup.time !== undefined && lookup.windowMs !== undefined) {
      const t = Date.parse(lookup.time);
      if (!Number.isFinite(t)) throw new TypeError(`findOpenCase: ${JSON.stringify(lookup.time)} is not a valid time`);
      where.push(`o.first_alert_at ${C} <= ${args.add(new Date(t + lookup.windowMs).toISOString())} AND o.last_alert_at ${C} >= ${args.add(new Date(t - lookup.windowMs).toISOString())}`);
    }
    // A subject's own case comes before its ring's, as grouping chooses.
    const order = subject !== undefined ? `CASE WHEN ${holdsSubject(subject)} THEN 0 ELSE 1 END, ` : '';
    const r = await this.pool.query<CaseRow>(
      `SELECT ${CASE_COLUMNS.split(', ').map((x) => `o.${x}`).join(', ')} FROM cases o WHERE ${where.join(' AND ')} ORDER BY ${order}o.last_alert_at ${C} DESC, o.id ${C} LIMIT 1`,
      args.values);
    return r.rows[0] && toCase(r.rows[0]);
  }

  async openCasesFor(subjects: readonly string[], rings: readonly string[]): Promise<Case[]> {
    const r = await this.pool.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE state != 'closed'
        AND (subject = ANY($1::text[]) OR id IN (SELECT case_id FROM case_alerts WHERE subject = ANY($1::text[])) OR ring = ANY($2::text[]))
       ORDER BY id ${C}`,
      [[...new Set(subjects)], [...new Set(rings)]]);
    return r.rows.map(toCase);
  }

  async listCases(q: CaseQuery): Promise<Case[]> {
    const args = new Args();
    const where = caseWhere(q, args);
    if (where === undefined) return [];
    const sort = q.sort ?? 'risk';
    if (!(CASE_SORTS as readonly string[]).includes(sort)) throw new RangeError(`listCases: unknown sort ${JSON.stringify(sort)}; expected one of ${CASE_SORTS.join(', ')}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), 10_000);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const key = sort === 'risk' || sort === 'alert_count' ? sort : `${sort} ${C}`;
    const sql = `SELECT ${CASE_COLUMNS} FROM cases ${where}
      ORDER BY ${key} ${order}, last_alert_at ${C} DESC, id ${C} ASC LIMIT ${args.add(limit)} OFFSET ${args.add(offset)}`;
    return (await this.pool.query<CaseRow>(sql, args.values)).rows.map(toCase);
  }

  async countCases(q: CaseFilter): Promise<number> {
    const args = new Args();
    const where = caseWhere(q, args);
    if (where === undefined) return 0;
    return Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM cases ${where}`, args.values)).rows[0].n);
  }

  async casesByState(): Promise<Record<CaseState, number>> {
    const out = Object.fromEntries(CASE_STATES.map((st) => [st, 0])) as Record<CaseState, number>;
    const r = await this.pool.query<{ state: CaseState; n: string }>('SELECT state, count(*) AS n FROM cases GROUP BY state');
    for (const x of r.rows) out[x.state] = Number(x.n);
    return out;
  }

  async casesOfTransactions(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const r = await this.pool.query<{ transaction_id: string; case_id: string }>(
      'SELECT transaction_id, case_id FROM case_alerts WHERE transaction_id = ANY($1::text[])', [[...new Set(ids)]]);
    for (const x of r.rows) out.set(x.transaction_id, x.case_id);
    return out;
  }

  async close(): Promise<void> {}
}

/** The WHERE clause of a case query (as the SQLite store's); undefined when it can match nothing. */
function caseWhere(q: CaseFilter, args: Args): string | undefined {
  const where: string[] = [];
  if (q.state !== undefined) {
    const states = typeof q.state === 'string' ? [q.state] : [...q.state];
    if (states.length === 0) return undefined;
    where.push(`state = ANY(${args.add(states)}::text[])`);
  }
  if (q.assignee === null) where.push('assignee IS NULL');
  else if (q.assignee !== undefined) where.push(`assignee = ${args.add(q.assignee)}`);
  if (q.outcome !== undefined) where.push(`outcome = ${args.add(q.outcome as CaseOutcome)}`);
  if (q.min_risk !== undefined) where.push(`risk >= ${args.add(q.min_risk)}`);
  if (q.ring !== undefined) where.push(`ring = ${args.add(q.ring)}`);
  if (q.subject !== undefined) {
    const p = args.add(q.subject);
    where.push(`(subject = ${p} OR id IN (SELECT case_id FROM case_alerts WHERE subject = ${p}))`);
  }
  if (q.account !== undefined) {
    // Any account in the case: a subject, or the payer or payee of one of its alerts.
    const p = args.add(q.account);
    where.push(`(subject = ${p} OR id IN (SELECT case_id FROM case_alerts WHERE subject = ${p} OR from_account = ${p} OR to_account = ${p}))`);
  }
  if (q.accounts !== undefined) {
    if (q.accounts.length === 0) return undefined;
    const p = `${args.add([...q.accounts])}::text[]`;
    where.push(`(subject = ANY(${p}) OR id IN (SELECT case_id FROM case_alerts WHERE subject = ANY(${p}) OR from_account = ANY(${p}) OR to_account = ANY(${p})))`);
  }
  if (q.id !== undefined) where.push(`id LIKE ${args.add(q.id.replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`);
  return where.length ? 'WHERE ' + where.join(' AND ') : '';
}

/**
 * Cases written before priorities existed (schema 5 and older): each case's priority computed from
 * the alerts it holds, once, right after the migration that added the column.
 */
export async function backfillCasePriorities(pool: pg.Pool): Promise<number> {
  const ids = (await pool.query<{ id: string }>('SELECT id FROM cases WHERE risk_basis IS NULL')).rows.map((r) => r.id);
  for (const id of ids) {
    const alerts = await pool.query<CaseAlertRow>('SELECT score, amount, currency, reasons FROM case_alerts WHERE case_id = $1', [id]);
    const events = await pool.query<{ data: string }>('SELECT data FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
    const basis = backfillBasis(alerts.rows, events.rows.map((r) => r.data));
    await pool.query('UPDATE cases SET risk = $1, risk_basis = $2 WHERE id = $3 AND risk_basis IS NULL', [casePriority(basis), JSON.stringify(basis), id]);
  }
  return ids.length;
}
