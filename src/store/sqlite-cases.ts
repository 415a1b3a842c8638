import type Database from 'better-sqlite3';
import { connection } from './sqlite-open.js';
import type { SharedCheckpoints } from './wal-checkpointer.js';
import { CASES_SCHEMA_SQL } from './sqlite-cases-schema.js';
import type { Case, CaseEvent, CaseOutcome, CaseState, StoredCaseEvent } from '../cases/case.js';
import { CASE_STATES } from '../cases/case.js';
import { casePriority } from '../cases/priority.js';
import { evidenceFromStored, type Evidence } from '../cases/evidence.js';
import { backfillBasis, fromCase, toCase, toCaseAlert, toEvent, type CaseAlertRow, type CaseRow, type EventRow } from './case-rows.js';
import {
  CASE_SORTS, CaseConflictError, pageRange, type CaseAlert, type CasePartPage, type CaseDetail, type PageRange, type CaseFilter, type CaseQuery, type CaseStore, type CaseWrite, type OpenCaseLookup,
} from '../cases/store-port.js';

/** Rows of `column IN (…)` chunked under SQLite's parameter limit. */
const CHUNK = 500;

const CASE_COLUMNS = 'id, subject, subjects, ring, state, outcome, assignee, risk, risk_basis, alert_count, first_alert_at, last_alert_at, opened_at, updated_at, closed_at, version';

/** `o` is open and holds subject `?`: its opening subject, or any alert's subject. */
const HOLDS_SUBJECT = '(o.subject = @subject OR EXISTS (SELECT 1 FROM case_alerts a WHERE a.case_id = o.id AND a.subject = @subject))';

export interface SqliteCasesOptions {
  /** Only when opening by path: 'full' (default) fsyncs every commit. */
  durability?: 'full' | 'normal';
  /** Only when opening by path: the file's checkpoint worker, which takes this connection's checkpoints. */
  checkpoints?: SharedCheckpoints;
}

/**
 * CaseStore on better-sqlite3. Pass the engine's open `Database` to share its file and connection
 * (it is then not closed here), or a path to open a connection of its own.
 */
export class SqliteCaseStore implements CaseStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly owned: boolean;
  private readonly write: (w: CaseWrite) => StoredCaseEvent[];

  constructor(database: Database.Database | string, options: SqliteCasesOptions = {}) {
    ({ db: this.db, owned: this.owned } = connection(database, options.durability, options.checkpoints));
    this.db.exec(CASES_SCHEMA_SQL);
    this.backfillPriorities();

    const exists = this.db.prepare('SELECT version FROM cases WHERE id = ?').pluck();
    const insertCase = this.db.prepare(`INSERT INTO cases (${CASE_COLUMNS}) VALUES (@id, @subject, @subjects, @ring, @state, @outcome,
      @assignee, @risk, @risk_basis, @alert_count, @first_alert_at, @last_alert_at, @opened_at, @updated_at, @closed_at, @version)`);
    const updateCase = this.db.prepare(`UPDATE cases SET subject = @subject, subjects = @subjects, ring = @ring, state = @state,
      outcome = @outcome, assignee = @assignee, risk = @risk, risk_basis = @risk_basis, alert_count = @alert_count, first_alert_at = @first_alert_at,
      last_alert_at = @last_alert_at, opened_at = @opened_at, updated_at = @updated_at, closed_at = @closed_at, version = @version
      WHERE id = @id AND version = @version - 1`);
    // The candidates by index (subject, alert subjects, ring; `ring = NULL` matches nothing), not a
    // scan of every case: this runs for each case an intake opens.
    const duplicate = this.db.prepare(`SELECT o.id FROM cases o WHERE o.id IN (
        SELECT id FROM cases WHERE subject = @subject
        UNION SELECT case_id FROM case_alerts WHERE subject = @subject
        UNION SELECT id FROM cases WHERE ring = @ring)
      AND o.state != 'closed' AND o.id != @id
      AND o.first_alert_at <= @hi AND o.last_alert_at >= @lo ORDER BY o.last_alert_at DESC, o.id LIMIT 1`).pluck();
    const alertCase = this.db.prepare('SELECT case_id FROM case_alerts WHERE transaction_id = ?').pluck();
    const insertAlert = this.db.prepare(`INSERT INTO case_alerts (transaction_id, case_id, subject, ring, time, from_account, to_account,
      amount, currency, score, decision, reasons, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const moveAlert = this.db.prepare('UPDATE case_alerts SET case_id = @to, ring = @ring WHERE transaction_id = @transaction_id AND case_id = @from');
    const insertEvent = this.db.prepare(`INSERT INTO case_events (case_id, kind, actor, time, from_state, to_state, note, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvidence = this.db.prepare(`INSERT INTO case_evidence (case_id, transaction_id, captured_at, content, sha256)
      VALUES (?, ?, ?, ?, ?)`);

    const tx = this.db.transaction((w: CaseWrite): StoredCaseEvent[] => {
      const cases = w.cases ?? [];
      // The guard reads the store as it was before this write, as the grouping that built it did.
      if (w.guard) {
        const windowMs = w.guard.windowMs;
        for (const c of cases) {
          if (c.version !== 1) continue;
          const t = Date.parse(c.first_alert_at);
          const lo = new Date(t - windowMs).toISOString();
          const hi = new Date(t + windowMs).toISOString();
          const other = duplicate.get({ id: c.id, subject: c.subject, ring: c.ring, lo, hi }) as string | undefined;
          if (other !== undefined) {
            throw new CaseConflictError('duplicate_open_case', c.id, `case ${c.id} would duplicate open case ${other} of subject ${c.subject}${c.ring ? ` / ring ${c.ring}` : ''}`);
          }
        }
      }
      for (const c of cases) {
        const row = fromCase(c);
        if (c.version === 1) {
          if (exists.get(c.id) !== undefined) throw new CaseConflictError('exists', c.id, `case ${c.id} already exists`);
          insertCase.run(row);
        } else if (updateCase.run(row).changes !== 1) {
          const stored = exists.get(c.id) as number | undefined;
          if (stored === undefined) throw new CaseConflictError('missing', c.id, `case ${c.id} does not exist`);
          throw new CaseConflictError('version', c.id, `case ${c.id} changed since it was read (stored version ${stored}, write expects ${c.version - 1})`);
        }
      }
      const needCase = (id: string, what: string): void => {
        if (exists.get(id) === undefined) throw new CaseConflictError('missing', id, `${what} names case ${id}, which does not exist`);
      };
      for (const a of w.alerts ?? []) {
        needCase(a.case_id, `alert ${a.transaction_id}`);
        const holder = alertCase.get(a.transaction_id) as string | undefined;
        if (holder !== undefined) throw new CaseConflictError('alert_taken', a.case_id, `alert ${a.transaction_id} is already in case ${holder}`);
        insertAlert.run(a.transaction_id, a.case_id, a.subject, a.ring, a.time, a.from, a.to, a.amount, a.currency, a.score, a.decision,
          JSON.stringify(a.reasons), a.added_at);
      }
      for (const m of w.moves ?? []) {
        needCase(m.to, `moving alert ${m.transaction_id}`);
        if (moveAlert.run(m).changes !== 1) {
          const holder = alertCase.get(m.transaction_id) as string | undefined;
          throw new CaseConflictError('alert_taken', m.to, `alert ${m.transaction_id} is ${holder === undefined ? 'in no case' : `in case ${holder}`}, not in case ${m.from}`);
        }
      }
      for (const e of w.evidence ?? []) {
        needCase(e.case_id, `evidence for ${e.transaction_id}`);
        insertEvidence.run(e.case_id, e.transaction_id, e.captured_at, e.canonical, e.sha256);
      }
      return (w.events ?? []).map((e: CaseEvent): StoredCaseEvent => {
        needCase(e.case_id, `a ${e.kind} event`);
        const info = insertEvent.run(e.case_id, e.kind, e.actor, e.time, e.from_state, e.to_state, e.note, JSON.stringify(e.data));
        return { ...e, seq: Number(info.lastInsertRowid) };
      });
    });
    // IMMEDIATE takes the write lock before the guard reads, so two processes cannot both pass it.
    this.write = (w) => tx.immediate(w);
  }

  /**
   * A store written before case priorities: adds the column and computes each case's priority
   * from the alerts it holds (once; later opens find nothing to do).
   */
  private backfillPriorities(): void {
    const columns = this.db.prepare('PRAGMA table_info(cases)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'risk_basis')) this.db.exec('ALTER TABLE cases ADD COLUMN risk_basis TEXT');
    const ids = this.db.prepare('SELECT id FROM cases WHERE risk_basis IS NULL').pluck().all() as string[];
    if (ids.length === 0) return;
    const alerts = this.db.prepare('SELECT score, amount, currency, reasons FROM case_alerts WHERE case_id = ?');
    const events = this.db.prepare('SELECT data FROM case_events WHERE case_id = ? ORDER BY seq').pluck();
    const update = this.db.prepare('UPDATE cases SET risk = ?, risk_basis = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) {
        const basis = backfillBasis(alerts.all(id) as CaseAlertRow[], events.all(id) as string[]);
        update.run(casePriority(basis), JSON.stringify(basis), id);
      }
    })();
  }

  /** The better-sqlite3 connection (shared or owned). */
  get database(): Database.Database {
    return this.db;
  }

  /** The case filer's lookups, prepared once per shape (their IN lists follow its page size), at most 64 kept. */
  private readonly statements = new Map<string, Database.Statement>();

  private prepared(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      if (this.statements.size >= 64) this.statements.clear();
      this.statements.set(sql, (st = this.db.prepare(sql)));
    }
    return st;
  }

  async commit(write: CaseWrite): Promise<StoredCaseEvent[]> {
    return this.write(write);
  }

  async getCase(id: string): Promise<Case | undefined> {
    const r = this.db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`).get(id) as CaseRow | undefined;
    return r && toCase(r);
  }

  async getCaseDetail(id: string): Promise<CaseDetail | undefined> {
    const c = await this.getCase(id);
    if (!c) return undefined;
    const alerts = this.db.prepare('SELECT * FROM case_alerts WHERE case_id = ? ORDER BY time, transaction_id').all(id) as CaseAlertRow[];
    const events = this.db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq').all(id) as EventRow[];
    const evidence = this.db.prepare('SELECT content, sha256 FROM case_evidence WHERE case_id = ? ORDER BY seq').all(id) as Array<{ content: string; sha256: string }>;
    return {
      case: c,
      alerts: alerts.map(toCaseAlert),
      events: events.map(toEvent),
      evidence: evidence.map((r): Evidence => evidenceFromStored(r.content, r.sha256)),
    };
  }

  async caseAlerts(id: string, range: PageRange): Promise<CasePartPage<CaseAlert>> {
    return this.part(id, range, 'SELECT * FROM case_alerts WHERE case_id = ? ORDER BY time {dir}, transaction_id {dir}', 'case_alerts', (r) => toCaseAlert(r as CaseAlertRow));
  }

  async caseEvents(id: string, range: PageRange): Promise<CasePartPage<StoredCaseEvent>> {
    return this.part(id, range, 'SELECT * FROM case_events WHERE case_id = ? ORDER BY seq {dir}', 'case_events', (r) => toEvent(r as EventRow));
  }

  async caseEvidence(id: string, range: PageRange): Promise<CasePartPage<Evidence>> {
    return this.part(id, range, 'SELECT content, sha256 FROM case_evidence WHERE case_id = ? ORDER BY seq {dir}', 'case_evidence', (r) => {
      const row = r as { content: string; sha256: string };
      return evidenceFromStored(row.content, row.sha256);
    });
  }

  private part<T>(id: string, range: PageRange, sql: string, table: string, map: (row: unknown) => T): CasePartPage<T> {
    const { limit, offset, order } = pageRange(range);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE case_id = ?`).get(id) as { n: number }).n;
    const rows = total > offset ? this.db.prepare(`${sql.replaceAll('{dir}', order === 'desc' ? 'DESC' : 'ASC')} LIMIT ? OFFSET ?`).all(id, limit, offset) : [];
    return { items: rows.map(map), total };
  }

  async findOpenCase(lookup: OpenCaseLookup): Promise<Case | undefined> {
    if (lookup.subject === undefined && lookup.ring === undefined) throw new TypeError('findOpenCase: give a subject or a ring');
    const where = ["o.state != 'closed'"];
    const args: Record<string, string> = {};
    const who: string[] = [];
    if (lookup.subject !== undefined) (who.push(HOLDS_SUBJECT), (args.subject = lookup.subject));
    if (lookup.ring !== undefined) (who.push('o.ring = @ring'), (args.ring = lookup.ring));
    where.push(`(${who.join(' OR ')})`);
    if (lookup.time !== undefined && lookup.windowMs !== undefined) {
      const t = Date.parse(lookup.time);
      if (!Number.isFinite(t)) throw new TypeError(`findOpenCase: ${JSON.stringify(lookup.time)} is not a valid time`);
      args.lo = new Date(t - lookup.windowMs).toISOString();
      args.hi = new Date(t + lookup.windowMs).toISOString();
      where.push('o.first_alert_at <= @hi AND o.last_alert_at >= @lo');
    }
    // A subject's own case comes before its ring's, as grouping chooses.
    const order = lookup.subject !== undefined ? `CASE WHEN ${HOLDS_SUBJECT} THEN 0 ELSE 1 END, ` : '';
    const r = this
      .prepared(`SELECT ${CASE_COLUMNS} FROM cases o WHERE ${where.join(' AND ')} ORDER BY ${order}o.last_alert_at DESC, o.id LIMIT 1`)
      .get(args) as CaseRow | undefined;
    return r && toCase(r);
  }

  async openCasesFor(subjects: readonly string[], rings: readonly string[]): Promise<Case[]> {
    const found = new Map<string, Case>();
    const uniqueSubjects = [...new Set(subjects)];
    for (let i = 0; i < uniqueSubjects.length; i += CHUNK) {
      const part = uniqueSubjects.slice(i, i + CHUNK);
      const marks = part.map(() => '?').join(', ');
      const rows = this
        .prepared(`SELECT ${CASE_COLUMNS} FROM cases WHERE state != 'closed'
          AND (subject IN (${marks}) OR id IN (SELECT case_id FROM case_alerts WHERE subject IN (${marks})))`)
        .all(...part, ...part) as CaseRow[];
      for (const r of rows) found.set(r.id, toCase(r));
    }
    const uniqueRings = [...new Set(rings)];
    for (let i = 0; i < uniqueRings.length; i += CHUNK) {
      const part = uniqueRings.slice(i, i + CHUNK);
      const rows = this
        .prepared(`SELECT ${CASE_COLUMNS} FROM cases WHERE state != 'closed' AND ring IN (${part.map(() => '?').join(', ')})`)
        .all(...part) as CaseRow[];
      for (const r of rows) found.set(r.id, toCase(r));
    }
    return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async listCases(q: CaseQuery): Promise<Case[]> {
    const filter = caseFilter(q);
    if (!filter) return [];
    const sort = q.sort ?? 'risk';
    if (!(CASE_SORTS as readonly string[]).includes(sort)) throw new RangeError(`listCases: unknown sort ${JSON.stringify(sort)}; expected one of ${CASE_SORTS.join(', ')}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), 10_000);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const sql = `SELECT ${CASE_COLUMNS} FROM cases ${filter.where}
      ORDER BY ${sort} ${order}, last_alert_at DESC, id ASC LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...filter.args, limit, offset) as CaseRow[]).map(toCase);
  }

  async countCases(q: CaseFilter): Promise<number> {
    const filter = caseFilter(q);
    if (!filter) return 0;
    return (this.db.prepare(`SELECT count(*) AS n FROM cases ${filter.where}`).get(...filter.args) as { n: number }).n;
  }

  async casesByState(): Promise<Record<CaseState, number>> {
    const out = Object.fromEntries(CASE_STATES.map((st) => [st, 0])) as Record<CaseState, number>;
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM cases GROUP BY state').all() as Array<{ state: CaseState; n: number }>) out[r.state] = r.n;
    return out;
  }

  async casesOfTransactions(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      const rows = this
        .prepared(`SELECT transaction_id, case_id FROM case_alerts WHERE transaction_id IN (${part.map(() => '?').join(', ')})`)
        .all(...part) as Array<{ transaction_id: string; case_id: string }>;
      for (const r of rows) out.set(r.transaction_id, r.case_id);
    }
    return out;
  }

  /** Closes the connection if this store opened it; a shared connection is left to its owner. */
  async close(): Promise<void> {
    if (this.owned) this.db.close();
  }
}

/** The WHERE clause of a case query; undefined when it can match nothing (an empty state list). */
function caseFilter(q: CaseFilter): { where: string; args: Array<string | number> } | undefined {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (q.state !== undefined) {
    const states = typeof q.state === 'string' ? [q.state] : [...q.state];
    if (states.length === 0) return undefined;
    where.push(`state IN (${states.map(() => '?').join(', ')})`);
    args.push(...states);
  }
  if (q.assignee === null) where.push('assignee IS NULL');
  else if (q.assignee !== undefined) (where.push('assignee = ?'), args.push(q.assignee));
  if (q.outcome !== undefined) (where.push('outcome = ?'), args.push(q.outcome as CaseOutcome));
  if (q.min_risk !== undefined) (where.push('risk >= ?'), args.push(q.min_risk));
  if (q.ring !== undefined) (where.push('ring = ?'), args.push(q.ring));
  if (q.subject !== undefined) {
    where.push('(subject = ? OR id IN (SELECT case_id FROM case_alerts WHERE subject = ?))');
    args.push(q.subject, q.subject);
  }
  if (q.account !== undefined) {
    // Any account in the case: a subject, or the payer or payee of one of its alerts.
    where.push('(subject = ? OR id IN (SELECT case_id FROM case_alerts WHERE subject = ? OR from_account = ? OR to_account = ?))');
    args.push(q.account, q.account, q.account, q.account);
  }
  if (q.accounts !== undefined) {
    if (q.accounts.length === 0) return undefined;
    const marks = q.accounts.map(() => '?').join(', ');
    where.push(`(subject IN (${marks}) OR id IN (SELECT case_id FROM case_alerts WHERE subject IN (${marks}) OR from_account IN (${marks}) OR to_account IN (${marks})))`);
    args.push(...q.accounts, ...q.accounts, ...q.accounts, ...q.accounts);
  }
  if (q.id !== undefined) (where.push("id LIKE ? ESCAPE '\\'"), args.push(likePrefix(q.id)));
  return { where: where.length ? 'WHERE ' + where.join(' AND ') : '', args };
}

/** A LIKE pattern matching ids that start with `text` (its own % and _ taken literally). */
function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
