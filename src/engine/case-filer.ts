import type { TransactionStore } from '../store/port.js';
import type { CaseIntake } from './case-intake.js';

/**
 * Alerts the store indexes by account per step (see TransactionStore.indexAlertAccounts), at first
 * and at most. The chunk adapts like the filing page, to steps of a quarter to one slice: measured on
 * SQLite, 32 alerts a chunk cost 16 µs each, 2,048 a chunk 4–6 µs (the index leaves a chunk
 * touches are shared among more of its alerts).
 */
const INDEX_CHUNK = 256;
const MAX_INDEX_CHUNK = 8192;

/** Where the filer keeps the seq of the last alert it filed (a store setting). */
export const FILED_SETTING = 'case_intake_filed_seq';

export interface CaseFilerOptions {
  /**
   * Alerts read and filed per step at first (default 4). The page then adapts so that a step
   * takes between half a slice and one and a half: each step costs a store commit (an fsync) and an audit commit, so
   * bigger pages file a storm's alerts for far fewer fsyncs, while a step stays short enough not
   * to hold requests up. Bounded by `maxPageSize` (default 256).
   */
  pageSize?: number;
  maxPageSize?: number;
  /**
   * Longest run of steps before the filer yields to requests (default 1 ms): a request that
   * arrives during a slice waits for it, so the slice bounds the delay filing adds to a decision.
   * Measured in an alert storm at 5,000 requests/s (`bench/storm.mjs`, storm phase only, runs
   * alternated): p99 17–22 ms with 4 ms slices, 7–9 ms with 1 ms. A longer slice while no
   * transaction had committed for 50 ms (to file a backlog in bigger pages) made it worse, 34–42 ms:
   * traffic comes in bursts (autocannon's fixed rate releases each second's requests at once), and
   * a burst then lands in the middle of a long slice.
   */
  sliceMs?: number;
  /**
   * While transactions are committing and the event loop is nearly saturated (utilisation over
   * `busyUtilisation` since the last slice), the pause after each slice (default 40 ms), so
   * scoring keeps the CPU; with spare time the next slice follows at once.
   */
  busyPauseMs?: number;
  /** Event-loop utilisation above which the filer pauses while busy (default 0.75). */
  busyUtilisation?: number;
  /** How long after a commit the engine counts as busy (default 50 ms). */
  busyForMs?: number;
  /** Longest time between saves of the watermark (default 1000 ms; refiling is harmless). */
  saveEveryMs?: number;
  onError?: (err: unknown) => void;
}

export interface IntakeLag {
  /** Alerts committed but not yet filed into cases. */
  alerts: number;
  /** Seconds since the filer was last caught up (0 when it is). */
  seconds: number;
  filed: number;
}

/**
 * Case intake decoupled from scoring. Alerts are durable with their decisions (the store's alert
 * table, in seq order): that table is the queue. The filer reads it after a watermark in small
 * pages and files each page into cases (CaseIntake), in slices of a few milliseconds that give
 * way to scoring while transactions commit, and at full speed when they do not. Memory stays
 * bounded (one page at a time, no in-memory queue), an alert storm only delays filing, and a
 * restart resumes from the saved watermark — filing is idempotent (an alert already in a case is
 * skipped), so a watermark saved a little late loses nothing and files nothing twice.
 */
export class CaseFiler {
  private filedSeq = 0;
  private savedSeq = 0;
  private lastSave = 0;
  private running: Promise<void> | undefined;
  private wanted = false;
  private stopped = false;
  private lastCommit = 0;
  private behindSince: number | undefined;
  filedAlerts = 0;
  private pageSize: number;
  private indexChunk = INDEX_CHUNK;
  private readonly maxPageSize: number;
  private readonly sliceMs: number;
  private readonly busyPauseMs: number;
  private readonly busyUtilisation: number;
  /** Event-loop utilisation at the end of the last slice, and the share the others used while the filer waited. */
  private eluAtSliceEnd = performance.eventLoopUtilization();
  private othersUtilisation = 0;
  private readonly busyForMs: number;
  private readonly saveEveryMs: number;

  constructor(private readonly intake: CaseIntake, private readonly store: TransactionStore, private readonly options: CaseFilerOptions = {}) {
    this.pageSize = options.pageSize ?? 4;
    this.maxPageSize = Math.max(this.pageSize, options.maxPageSize ?? 256);
    this.sliceMs = options.sliceMs ?? 1;
    this.busyPauseMs = options.busyPauseMs ?? 40;
    this.busyUtilisation = options.busyUtilisation ?? 0.75;
    this.busyForMs = options.busyForMs ?? 50;
    this.saveEveryMs = options.saveEveryMs ?? 1000;
  }

  /** Loads the watermark and starts filing what is waiting; returns how many alerts wait. */
  async start(): Promise<number> {
    const saved = Number(await this.store.getSetting(FILED_SETTING));
    this.filedSeq = this.savedSeq = Number.isSafeInteger(saved) && saved > 0 ? saved : 0;
    const waiting = Math.max(0, (await this.store.lastAlertSeq()) - this.filedSeq);
    // Also with nothing to file: the alert index may lag behind (a store upgraded to it, or
    // alerts written by `ringwatch score --db`); a loop with nothing to do ends at once.
    this.wake();
    return waiting;
  }

  /** A batch was committed (with or without alerts): file what is new, after the requests waiting now. */
  committed(alerts: number): void {
    this.lastCommit = performance.now();
    if (alerts > 0) {
      this.behindSince ??= Date.now();
      this.wake();
    }
  }

  async lag(): Promise<IntakeLag> {
    const alerts = Math.max(0, (await this.store.lastAlertSeq()) - this.filedSeq);
    if (alerts === 0) this.behindSince = undefined;
    return { alerts, seconds: alerts > 0 && this.behindSince !== undefined ? (Date.now() - this.behindSince) / 1000 : 0, filed: this.filedAlerts };
  }

  /** Files everything committed so far; resolves when caught up (tests, shutdown). */
  async drain(): Promise<void> {
    while (!this.stopped) {
      this.wake();
      await this.running;
      if ((await this.store.lastAlertSeq()) <= this.filedSeq) break;
    }
    await this.save();
  }

  /** Stops after the current step and saves the watermark. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await this.save();
  }

  private wake(): void {
    this.wanted = true;
    if (!this.running && !this.stopped) this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      // Let the requests already waiting go first.
      await new Promise((r) => setImmediate(r));
      for (;;) {
        let caughtUp = false;
        const sliceStart = performance.now();
        this.othersUtilisation = performance.eventLoopUtilization(performance.eventLoopUtilization(), this.eluAtSliceEnd).utilization;
        try {
          do {
            const stepStart = performance.now();
            // The store's by-account index of alerts follows the same queue, ahead of filing (a few
            // µs per alert against filing's hundreds); stores that index in the append have none.
            const indexed = await this.indexAhead();
            const page = await this.store.alertsAfter(this.filedSeq, this.pageSize);
            if (page.length === 0) {
              if (indexed > 0) continue;
              caughtUp = true;
              break;
            }
            const scored = await this.store.findScored(page.map((a) => a.transaction_id));
            this.filedAlerts += await this.intake.intake(scored);
            this.filedSeq = page[page.length - 1].seq;
            this.adapt(page.length, performance.now() - stepStart);
          } while (performance.now() - sliceStart < this.sliceMs && !this.stopped);
        } catch (err) {
          (this.options.onError ?? ((e) => process.emitWarning(`ringwatch: case filing failed (retrying): ${String(e)}`)))(err);
          await new Promise((r) => setTimeout(r, 1000));
        }
        if (performance.now() - this.lastSave > this.saveEveryMs) await this.save();
        this.eluAtSliceEnd = performance.eventLoopUtilization();
        if (caughtUp) {
          this.behindSince = undefined;
          await this.save();
          break;
        }
        if (this.stopped) return;
        await new Promise((r) => (this.busy() ? setTimeout(r, this.busyPauseMs) : setImmediate(r)));
      }
    }
  }

  /**
   * Transactions committed lately and the event loop nearly saturated by the others (requests,
   * commits) while the filer last waited — its own slices do not count.
   */
  private busy(): boolean {
    return performance.now() - this.lastCommit < this.busyForMs && this.othersUtilisation > this.busyUtilisation;
  }

  /** One chunk of the store's by-account alert index, sized to take a quarter to one slice; how many were indexed. */
  private async indexAhead(): Promise<number> {
    if (!this.store.indexAlertAccounts) return 0;
    const started = performance.now();
    const n = await this.store.indexAlertAccounts(this.indexChunk);
    const ms = performance.now() - started;
    if (ms > this.sliceMs && this.indexChunk > 1) this.indexChunk = Math.max(1, this.indexChunk >> 1);
    else if (n === this.indexChunk && ms < this.sliceMs / 4) this.indexChunk = Math.min(MAX_INDEX_CHUNK, this.indexChunk * 2);
    return n;
  }

  /** Grows the page while full steps take under half a slice, shrinks it above one and a half. */
  private adapt(filed: number, ms: number): void {
    if (ms > this.sliceMs * 1.5 && this.pageSize > 1) this.pageSize = Math.max(1, this.pageSize >> 1);
    else if (filed === this.pageSize && ms < this.sliceMs / 2) this.pageSize = Math.min(this.maxPageSize, this.pageSize * 2);
  }

  private async save(): Promise<void> {
    this.lastSave = performance.now();
    if (this.filedSeq === this.savedSeq) return;
    const seq = this.filedSeq;
    await this.store.setSetting(FILED_SETTING, String(seq));
    this.savedSeq = seq;
  }
}
