import type pg from 'pg';
import type { PartyDetails } from '../../domain/party.js';
import type { PartyStore } from '../port.js';
import { inTransaction } from './client.js';

/** Account holders' KYC records on PostgreSQL: one JSON record per account, as on SQLite. */
export class PgPartyStore implements PartyStore {
  constructor(private readonly pool: pg.Pool) {}

  async upsert(records: readonly PartyDetails[], now = new Date()): Promise<void> {
    if (records.length === 0) return;
    // The last record of an account wins, as row-by-row upserts would have it.
    const last = new Map(records.map((r) => [r.account, r]));
    await inTransaction(this.pool, async (c) => {
      await c.query(
        `INSERT INTO parties (account, details, updated_at) SELECT a, d, $3 FROM unnest($1::text[], $2::text[]) AS u(a, d)
         ON CONFLICT (account) DO UPDATE SET details = excluded.details, updated_at = excluded.updated_at`,
        [[...last.keys()], [...last.values()].map((r) => JSON.stringify(r)), now.toISOString()],
      );
    });
  }

  async lookup(accounts: Iterable<string>): Promise<Map<string, PartyDetails>> {
    const wanted = [...new Set(accounts)];
    const out = new Map<string, PartyDetails>();
    if (wanted.length === 0) return out;
    const r = await this.pool.query<{ account: string; details: string }>('SELECT account, details FROM parties WHERE account = ANY($1::text[])', [wanted]);
    const found = new Map(r.rows.map((x) => [x.account, x.details]));
    for (const a of wanted) {
      const d = found.get(a);
      if (d !== undefined) out.set(a, JSON.parse(d) as PartyDetails);
    }
    return out;
  }

  async all(): Promise<PartyDetails[]> {
    const r = await this.pool.query<{ details: string }>('SELECT details FROM parties ORDER BY account COLLATE "C"');
    return r.rows.map((x) => JSON.parse(x.details) as PartyDetails);
  }

  async findAccounts(party: string): Promise<string[]> {
    const r = await this.pool.query<{ account: string }>(
      `SELECT account FROM parties WHERE (details::jsonb)->>'client_number' = $1 OR (details::jsonb)->>'account_number' = $1 ORDER BY account COLLATE "C" LIMIT 100`,
      [party],
    );
    return r.rows.map((x) => x.account);
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM parties')).rows[0].n;
  }

  async close(): Promise<void> {}
}
