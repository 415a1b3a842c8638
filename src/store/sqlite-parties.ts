import type Database from 'better-sqlite3';
import type { PartyDetails } from '../domain/party.js';
import type { PartyStore } from './port.js';
import { connection, type Durability } from './sqlite-open.js';
import type { SharedCheckpoints } from './wal-checkpointer.js';

/**
 * What the bank knows of each account's holder (KYC: names, ID numbers, institution, …), as the
 * regulatory reports need it. One JSON record per account; imported from the bank's systems.
 */
export class SqlitePartyStore implements PartyStore {
  private readonly db: Database.Database;
  private readonly owned: boolean;

  constructor(database: Database.Database | string, durability?: Durability, checkpoints?: SharedCheckpoints) {
    ({ db: this.db, owned: this.owned } = connection(database, durability, checkpoints));
    this.db.exec('CREATE TABLE IF NOT EXISTS parties (account TEXT PRIMARY KEY, details TEXT NOT NULL, updated_at TEXT NOT NULL)');
  }

  /** Inserts or replaces records in one transaction. */
  async upsert(records: readonly PartyDetails[], now = new Date()): Promise<void> {
    const put = this.db.prepare('INSERT INTO parties (account, details, updated_at) VALUES (?, ?, ?) ON CONFLICT(account) DO UPDATE SET details = excluded.details, updated_at = excluded.updated_at');
    this.db.transaction(() => {
      for (const r of records) put.run(r.account, JSON.stringify(r), now.toISOString());
    })();
  }

  /** The records of these accounts (unknown accounts are absent). */
  async lookup(accounts: Iterable<string>): Promise<Map<string, PartyDetails>> {
    const get = this.db.prepare('SELECT details FROM parties WHERE account = ?');
    const out = new Map<string, PartyDetails>();
    for (const a of new Set(accounts)) {
      const row = get.get(a) as { details: string } | undefined;
      if (row) out.set(a, JSON.parse(row.details) as PartyDetails);
    }
    return out;
  }

  /**
   * The accounts of a party, found by its client number (the bank's party id) or an account
   * number, at most 100. Names are not searched: they are personal data masked for most roles.
   */
  async findAccounts(party: string): Promise<string[]> {
    const rows = this.db
      .prepare(`SELECT account FROM parties WHERE json_extract(details, '$.client_number') = ? OR json_extract(details, '$.account_number') = ? ORDER BY account LIMIT 100`)
      .all(party, party) as Array<{ account: string }>;
    return rows.map((r) => r.account);
  }

  /** Every record, in account order. */
  async all(): Promise<PartyDetails[]> {
    const rows = this.db.prepare('SELECT details FROM parties ORDER BY account').all() as Array<{ details: string }>;
    return rows.map((row) => JSON.parse(row.details) as PartyDetails);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM parties').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.owned) this.db.close();
  }
}
