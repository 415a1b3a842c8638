import type Database from 'better-sqlite3';

/** The settings key holding the seq of the last alert indexed by account. */
export const ALERT_ACCOUNTS_SETTING = 'alert_accounts_seq';

/**
 * Alerts by account, indexed behind the alert table instead of inside each append.
 *
 * Indexing alerts.from_account and alerts.to_account in the append itself cost two random B-tree
 * leaves per alert, written whole to the WAL with every commit: measured on this machine, 7 → 40 µs
 * per appended transaction when every one alerted, and an HTTP alert storm at 0.56 of the quiet
 * throughput (0.76 without those two indexes, `bench/storm.mjs`). So the append writes the alert
 * row only (its seq is the rowid, appended in order), and `catchUp` adds (account, seq) pairs to
 * `alert_accounts` later in bulk, from a watermark — driven by the case filer, which follows the
 * same alert queue and gives way to scoring while transactions commit.
 *
 * Queries stay exact whatever the lag: an account's alerts are those the index names plus those
 * after the watermark whose from or to is the account (a scan of the unindexed tail only).
 */
export class AlertAccountIndex {
  private readonly watermarkStmt: Database.Statement;
  private readonly pageStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly saveStmt: Database.Statement;
  private readonly step: Database.Transaction<(limit: number) => number>;

  constructor(private readonly db: Database.Database) {
    this.watermarkStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.pageStmt = db.prepare('SELECT seq, from_account AS f, to_account AS t FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?');
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO alert_accounts (account, seq) VALUES (?, ?)');
    this.saveStmt = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.step = db.transaction((limit: number): number => {
      const rows = this.pageStmt.all(this.watermark(), limit) as Array<{ seq: number; f: string; t: string }>;
      for (const r of rows) {
        this.insertStmt.run(r.f, r.seq);
        if (r.t !== r.f) this.insertStmt.run(r.t, r.seq);
      }
      if (rows.length > 0) this.saveStmt.run(ALERT_ACCOUNTS_SETTING, String(rows[rows.length - 1].seq));
      return rows.length;
    });
  }

  /** The seq of the last alert indexed (0: none). */
  watermark(): number {
    const r = this.watermarkStmt.get(ALERT_ACCOUNTS_SETTING) as { value: string } | undefined;
    const n = Number(r?.value ?? 0);
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  }

  /**
   * Indexes at most `limit` alerts after the watermark, in one transaction; returns how many.
   * IMMEDIATE: the write lock is taken before the watermark is read, so alerts appended meanwhile
   * by another process on the file (stream workers) make it wait, not fail with a stale snapshot.
   */
  catchUp(limit: number): number {
    return this.step.immediate(Math.max(1, Math.floor(limit)));
  }

  /** A WHERE term over `alerts` for one account's alerts, and its arguments. */
  accountTerm(account: string): { sql: string; args: Array<string | number> } {
    return {
      // One IN over a UNION ALL, not an OR of two terms: SQLite scans the whole alert table for the OR.
      sql: 'seq IN (SELECT seq FROM alert_accounts WHERE account = ? UNION ALL SELECT seq FROM alerts WHERE seq > ? AND (from_account = ? OR to_account = ?))',
      args: [account, this.watermark(), account, account],
    };
  }

  /** Every account with an alert (payer or payee). */
  accounts(): Set<string> {
    const w = this.watermark();
    const rows = this.db
      .prepare('SELECT DISTINCT account AS a FROM alert_accounts UNION SELECT from_account FROM alerts WHERE seq > ? UNION SELECT to_account FROM alerts WHERE seq > ?')
      .all(w, w) as Array<{ a: string }>;
    return new Set(rows.map((r) => r.a));
  }
}
