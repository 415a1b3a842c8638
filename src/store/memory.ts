import type { Decision } from '../domain/decision.js';
import type { ListEvent } from '../domain/list.js';
import type { Transaction } from '../domain/transaction.js';
import { assertStorable } from '../domain/transaction-check.js';
import { batchTallies, countsFromTallies, isAlert, type Alert, type AlertRef, type DecidedTransfer, type Lease, type AlertFilter, type AlertQuery, type ReplayPage, type ScoredTransaction, type StoreCounts, type TransactionStore } from './port.js';

/** The storage port held in memory: for tests and one-off scoring runs without a database. */
export class MemoryStore implements TransactionStore {
  readonly kind = 'memory';
  /**
   * Every stored transaction by id (the objects the log holds too) with its decision and its log
   * position (its source position when given, else the next): one map, one lookup per id.
   */
  private readonly rows = new Map<string, { tx: Transaction; decision: Decision; position: number }>();
  private readonly log: Transaction[] = [];
  private readonly alertList: Alert[] = [];
  private readonly settings = new Map<string, string>();
  private readonly listLog: ListEvent[] = [];
  private readonly tallies = new Map<string, number>();
  private lastPosition = 0;
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly keepLog = true) {}

  async findDecision(id: string): Promise<Decision | undefined> {
    return this.rows.get(id)?.decision;
  }

  async append(batch: readonly ScoredTransaction[]): Promise<void> {
    for (const { tx } of batch) assertStorable(tx);
    for (const { tx } of batch) if (this.rows.has(tx.id)) throw new Error(`duplicate transaction id ${tx.id}`);
    for (const [name, n] of batchTallies(batch)) this.tallies.set(name, (this.tallies.get(name) ?? 0) + n);
    for (const { tx, decision, position } of batch) {
      this.lastPosition = Math.max(this.lastPosition, position ?? this.lastPosition + 1);
      this.rows.set(tx.id, { tx, decision, position: position ?? this.lastPosition });
      if (this.keepLog) this.log.push(tx);
      if (isAlert(decision)) {
        this.alertList.push({
          seq: this.alertList.length + 1, transaction_id: tx.id, time: new Date(tx.time).toISOString(),
          from: tx.from, to: tx.to, amount: tx.amount, currency: tx.currency,
          score: decision.score, decision: decision.decision, reasons: decision.reasons,
        });
      }
    }
  }

  async *replay(pageSize = 10_000): AsyncIterable<Transaction[]> {
    for (let i = 0; i < this.log.length; i += pageSize) yield this.log.slice(i, i + pageSize);
  }

  /** A transaction's place in replay here is its index in the log plus one. */
  async *replayAfter(afterSeq: number, pageSize = 10_000): AsyncIterable<ReplayPage> {
    for (let i = Math.max(0, afterSeq); i < this.log.length; i += pageSize) {
      const rows = this.log.slice(i, i + pageSize).map((tx): DecidedTransfer => {
        const { score, decision, reasons } = this.rows.get(tx.id)!.decision;
        const { id, time, from, to, amount, currency, channel, country } = tx;
        return { tx: { id, time, from, to, amount, currency, channel, ...(country !== undefined ? { country } : {}) }, decision: { score, decision, reasons } };
      });
      yield { rows, last: i + rows.length };
    }
  }

  async countThrough(seq: number): Promise<number> {
    return Math.max(0, Math.min(seq, this.log.length));
  }

  async count(): Promise<number> {
    return this.rows.size;
  }

  async counts(): Promise<StoreCounts> {
    return countsFromTallies(this.tallies, this.alertList.length);
  }

  async alerts(q: AlertQuery): Promise<Alert[]> {
    const out: Alert[] = [];
    let skip = q.offset ?? 0;
    for (let i = this.alertList.length - 1; i >= 0 && out.length < q.limit; i--) {
      const a = this.alertList[i];
      if (!alertMatches(a, q)) continue;
      if (skip > 0) skip--;
      else out.push(a);
    }
    return out;
  }

  async countAlerts(filter: AlertFilter): Promise<number> {
    return this.alertList.filter((a) => alertMatches(a, filter)).length;
  }

  async alertsAfter(afterSeq: number, limit: number): Promise<AlertRef[]> {
    // seq is the 1-based position in alertList.
    return this.alertList.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit).map((a) => ({ seq: a.seq, transaction_id: a.transaction_id }));
  }

  async lastAlertSeq(): Promise<number> {
    return this.alertList.length;
  }

  async appendListEvent(event: ListEvent): Promise<boolean> {
    if (event.position !== undefined && this.listLog.some((e) => e.position === event.position)) return false;
    this.listLog.push(structuredClone(event));
    return true;
  }

  async listEvents(): Promise<ListEvent[]> {
    return structuredClone(this.listLog);
  }

  async findScored(ids: readonly string[]): Promise<ScoredTransaction[]> {
    const out: ScoredTransaction[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) out.push({ tx: row.tx, decision: row.decision, position: row.position });
    }
    return out;
  }

  async alertsByDay(): Promise<Array<{ day: string; REVIEW: number; BLOCK: number }>> {
    const days = new Map<string, { day: string; REVIEW: number; BLOCK: number }>();
    for (const a of this.alertList) {
      const day = a.time.slice(0, 10);
      const d = days.get(day) ?? { day, REVIEW: 0, BLOCK: 0 };
      if (a.decision === 'REVIEW' || a.decision === 'BLOCK') d[a.decision]++;
      days.set(day, d);
    }
    return [...days.values()].sort((x, y) => x.day.localeCompare(y.day)).slice(-90);
  }

  async alertedAccounts(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const a of this.alertList) out.add(a.from).add(a.to);
    return out;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.settings.get(key);
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }

  async claimLease(name: string, holder: string, ttlMs: number, replacing?: string): Promise<Lease> {
    const now = Date.now();
    const current = this.leases.get(name);
    if (!current || current.expiresAt < now || current.holder === holder || current.holder === replacing) this.leases.set(name, { holder, expiresAt: now + ttlMs });
    return { ...this.leases.get(name)! };
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async close(): Promise<void> {}
}

function alertMatches(a: Alert, q: AlertFilter): boolean {
  if (q.before !== undefined && a.seq >= q.before) return false;
  if (q.decision && a.decision !== q.decision) return false;
  if (q.account && a.from !== q.account && a.to !== q.account) return false;
  return true;
}
