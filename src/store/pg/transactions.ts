import type pg from 'pg';
import { isAlert, type Alert, type AlertRef, type ScoredTransaction } from '../../domain/alert.js';
import type { Decision, Reason, Verdict } from '../../domain/decision.js';
import type { ListEvent } from '../../domain/list.js';
import type { Transaction } from '../../domain/transaction.js';
import { assertStorable } from '../../domain/transaction-check.js';
import { batchTallies, countsFromTallies, type AlertFilter, type Lease, type AlertQuery, type ReplayPage, type StoreCounts, type TransactionStore } from '../port.js';
import { inTransaction, LOCKS } from './client.js';
import { DECIDED_COLUMNS, decidedTransfer, rowToTransaction, toAlert, toListEvent, type AlertRow, type DecidedRow, type ListEventRow, type TxRow } from '../tx-rows.js';

const TX_COLUMNS = 'id, time, from_account, to_account, amount, currency, channel, from_type, to_type, device, ip, phone, country, counterparty_bank, purpose, payer_age, geo';
const ALERT_COLUMNS = 'seq, transaction_id, time, from_account, to_account, amount, currency, score, decision, reasons';

/** Work another store does inside each transaction-store commit (ISO 20022 rows waiting for it). */
export type CommitHook = (c: pg.PoolClient) => Promise<void>;

/**
 * The transaction store on PostgreSQL. A batch is one database transaction (one multi-row insert
 * per table from arrays), so a group commit costs one round of WAL flush; `append` resolves after
 * COMMIT, i.e. once the batch is durable. Appenders take an advisory lock for the length of their
 * transaction so the log's order (seq) is the commit order even with several writer processes —
 * replay and the case filer's alert queue read in seq order and never skip a late commit — unless
 * a row carries its source position (a stream's sequence), which is then its place in replay.
 * A batch with an id already stored is refused whole (the unique index), as on SQLite.
 */
export class PgTransactionStore implements TransactionStore {
  readonly kind = 'postgres';
  private readonly hooks: CommitHook[] = [];

  constructor(private readonly pool: pg.Pool) {}

  /** Runs `hook` inside every later append transaction, before its rows (see PgPaymentMessageStore). */
  beforeCommit(hook: CommitHook): void {
    this.hooks.push(hook);
  }

  async findDecision(id: string): Promise<Decision | undefined> {
    const r = await this.pool.query<{ score: number; decision: Verdict; reasons: string }>('SELECT score, decision, reasons FROM transactions WHERE id = $1', [id]);
    const row = r.rows[0];
    return row && { id, score: row.score, decision: row.decision, reasons: JSON.parse(row.reasons) as Reason[] };
  }

  async append(batch: readonly ScoredTransaction[]): Promise<void> {
    for (const { tx } of batch) assertStorable(tx);
    if (batch.length === 0) return;
    const col = <T>(f: (s: ScoredTransaction) => T): T[] => batch.map(f);
    const alerts = batch.filter((s) => isAlert(s.decision));
    const reasons = new Map(batch.map((s) => [s.tx.id, JSON.stringify(s.decision.reasons)]));
    await inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.log]);
      for (const hook of this.hooks) await hook(c);
      // Each row's place in replay: its source position when given, else the next after the highest
      // (as SQLite's rowid); the lock makes the highest stable until COMMIT.
      let top = (await c.query<{ s: number | null }>('SELECT max(seq) AS s FROM transactions')).rows[0].s ?? 0;
      const seqs = batch.map((s) => {
        const seq = s.position ?? top + 1;
        top = Math.max(top, seq);
        return seq;
      });
      await c.query(
        `INSERT INTO transactions (seq, ${TX_COLUMNS}, score, decision, reasons)
         SELECT u.seq, ${TX_COLUMNS.split(', ').map((n) => `u.${n}`).join(', ')}, u.score, u.decision, u.reasons
         FROM unnest($18::bigint[], $1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $19::text[], $20::integer[], $21::text[],
                     $15::float8[], $16::text[], $17::text[])
           AS u(seq, ${TX_COLUMNS}, score, decision, reasons)`,
        [
          col((s) => s.tx.id), col((s) => s.tx.time), col((s) => s.tx.from), col((s) => s.tx.to), col((s) => s.tx.amount),
          col((s) => s.tx.currency), col((s) => s.tx.channel), col((s) => s.tx.from_type), col((s) => s.tx.to_type),
          col((s) => s.tx.device ?? null), col((s) => s.tx.ip ?? null), col((s) => s.tx.phone ?? null), col((s) => s.tx.country ?? null),
          col((s) => s.tx.counterparty_bank ?? null), col((s) => s.decision.score), col((s) => s.decision.decision), col((s) => reasons.get(s.tx.id)!),
          seqs, col((s) => s.tx.purpose ?? null), col((s) => s.tx.payer_age ?? null), col((s) => s.tx.geo ?? null),
        ],
      );
      const tallies = batchTallies(batch);
      await c.query(
        `INSERT INTO tallies (name, n) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (name) DO UPDATE SET n = tallies.n + excluded.n`,
        [[...tallies.keys()], [...tallies.values()]],
      );
      if (alerts.length === 0) return;
      const a = <T>(f: (s: ScoredTransaction) => T): T[] => alerts.map(f);
      await c.query(
        `INSERT INTO alerts (transaction_id, time, from_account, to_account, amount, currency, score, decision, reasons)
         SELECT u.transaction_id, u.time, u.from_account, u.to_account, u.amount, u.currency, u.score, u.decision, u.reasons
         FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::float8[], $8::text[], $9::text[])
           WITH ORDINALITY AS u(transaction_id, time, from_account, to_account, amount, currency, score, decision, reasons, ord)
         ORDER BY u.ord`,
        [
          a((s) => s.tx.id), a((s) => s.tx.time), a((s) => s.tx.from), a((s) => s.tx.to), a((s) => s.tx.amount), a((s) => s.tx.currency),
          a((s) => s.decision.score), a((s) => s.decision.decision), a((s) => reasons.get(s.tx.id)!),
        ],
      );
    });
  }

  async *replay(pageSize = 10_000): AsyncIterable<Transaction[]> {
    let after = 0;
    for (;;) {
      const r = await this.pool.query<TxRow & { seq: number }>(
        `SELECT seq, ${TX_COLUMNS} FROM transactions WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
      if (r.rows.length === 0) return;
      after = r.rows[r.rows.length - 1].seq;
      yield r.rows.map(rowToTransaction);
    }
  }

  async *replayAfter(afterSeq: number, pageSize = 10_000): AsyncIterable<ReplayPage> {
    let after = afterSeq;
    for (;;) {
      const r = await this.pool.query<DecidedRow>({
        text: `SELECT seq, ${DECIDED_COLUMNS} FROM transactions WHERE seq > $1 ORDER BY seq LIMIT $2`, values: [after, pageSize], rowMode: 'array',
      });
      if (r.rows.length === 0) return;
      after = Number(r.rows[r.rows.length - 1][0]);
      yield { rows: r.rows.map(decidedTransfer), last: after };
    }
  }

  async countThrough(seq: number): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM transactions WHERE seq <= $1', [seq])).rows[0].n);
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM transactions')).rows[0].n;
  }

  async counts(): Promise<StoreCounts> {
    const t = await this.pool.query<{ name: string; n: string }>('SELECT name, n FROM tallies');
    const alerts = Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM alerts')).rows[0].n);
    return countsFromTallies(t.rows.map((r): [string, number] => [r.name, Number(r.n)]), alerts);
  }

  async alerts(q: AlertQuery): Promise<Alert[]> {
    const args: Array<string | number> = [];
    const where = alertWhere(q, args);
    const sql = `SELECT ${ALERT_COLUMNS} FROM alerts ${where} ORDER BY seq DESC LIMIT $${args.push(q.limit)} OFFSET $${args.push(q.offset ?? 0)}`;
    return (await this.pool.query<AlertRow>(sql, args)).rows.map(toAlert);
  }

  async countAlerts(filter: AlertFilter): Promise<number> {
    const args: Array<string | number> = [];
    const where = alertWhere(filter, args);
    return Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM alerts ${where}`, args)).rows[0].n);
  }

  async alertsAfter(afterSeq: number, limit: number): Promise<AlertRef[]> {
    const r = await this.pool.query<{ seq: string | number; transaction_id: string }>('SELECT seq, transaction_id FROM alerts WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
    return r.rows.map((x) => ({ seq: Number(x.seq), transaction_id: x.transaction_id }));
  }

  async lastAlertSeq(): Promise<number> {
    return (await this.pool.query<{ s: number | null }>('SELECT max(seq) AS s FROM alerts')).rows[0].s ?? 0;
  }

  async alertsByDay(): Promise<Array<{ day: string; REVIEW: number; BLOCK: number }>> {
    const r = await this.pool.query<{ day: string; review: number; block: number }>(
      `SELECT to_char(to_timestamp(time / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE decision = 'REVIEW')::int AS review, count(*) FILTER (WHERE decision = 'BLOCK')::int AS block
       FROM alerts GROUP BY day ORDER BY day DESC LIMIT 90`,
    );
    return r.rows.reverse().map((x) => ({ day: x.day, REVIEW: x.review, BLOCK: x.block }));
  }

  async findScored(ids: readonly string[]): Promise<ScoredTransaction[]> {
    if (ids.length === 0) return [];
    const r = await this.pool.query<TxRow & { seq: number; score: number; decision: Verdict; reasons: string }>(
      `SELECT seq, ${TX_COLUMNS}, score, decision, reasons FROM transactions WHERE id = ANY($1::text[])`, [[...ids]]);
    const byId = new Map(r.rows.map((row) => [row.id, row]));
    const out: ScoredTransaction[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) out.push({ tx: rowToTransaction(row), decision: { id: row.id, score: row.score, decision: row.decision, reasons: JSON.parse(row.reasons) as Reason[] }, position: row.seq });
    }
    return out;
  }

  async alertedAccounts(): Promise<Set<string>> {
    const r = await this.pool.query<{ a: string }>('SELECT from_account AS a FROM alerts UNION SELECT to_account FROM alerts');
    return new Set(r.rows.map((x) => x.a));
  }

  async appendListEvent(e: ListEvent): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO list_events (op, list, kind, value, reason, source, added_at, after_transactions, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (position) DO NOTHING`,
      [e.op, e.entry.list, e.entry.kind, e.entry.value, e.entry.reason, e.entry.source, e.entry.added_at, e.after_transactions, e.position ?? null],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async listEvents(): Promise<ListEvent[]> {
    const r = await this.pool.query<ListEventRow>('SELECT op, list, kind, value, reason, source, added_at, after_transactions, position FROM list_events ORDER BY seq');
    return r.rows.map(toListEvent);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async claimLease(name: string, holder: string, ttlMs: number, replacing?: string): Promise<Lease> {
    const now = Date.now();
    // One statement: the row lock of the conflicting row serialises claimants.
    await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at < $4 OR leases.holder = excluded.holder OR leases.holder = $5`,
      [name, holder, now + ttlMs, now, replacing ?? null],
    );
    const r = await this.pool.query<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE name = $1', [name]);
    return { holder: r.rows[0].holder, expiresAt: r.rows[0].expires_at };
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  /** The pool belongs to the opened stores (closed with them). */
  async close(): Promise<void> {}
}

/** The WHERE clause of an alert filter, its values appended to `args`. */
function alertWhere(q: AlertFilter, args: Array<string | number>): string {
  const where: string[] = [];
  const arg = (v: string | number): string => `$${args.push(v)}`;
  if (q.before !== undefined) where.push(`seq < ${arg(q.before)}`);
  if (q.decision) where.push(`decision = ${arg(q.decision)}`);
  if (q.account) {
    const p = arg(q.account);
    where.push(`(from_account = ${p} OR to_account = ${p})`);
  }
  return where.length ? 'WHERE ' + where.join(' AND ') : '';
}
