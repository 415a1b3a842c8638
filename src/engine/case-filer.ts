import type { TransactionStore } from '../store/port.js';
import type { CaseIntake } from './case-intake.js';

/** Where the filer keeps the seq of the last alert it filed (a store setting). */
export const FILED_SETTING = 'case_intake_filed_seq';

export interface CaseFilerOptions {
  /** Alerts read and filed per step (default 4: a step stays a few milliseconds). */
  pageSize?: number;
  /** Longest run of steps before the filer yields to requests (default 4 ms). */
  sliceMs?: number;
  /** While transactions are committing, the pause after each slice (default 20 ms), so scoring keeps the CPU. */
  busyPauseMs?: number;
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
  private readonly pageSize: number;
  private readonly sliceMs: number;
  private readonly busyPauseMs: number;
  private readonly busyForMs: number;
  private readonly saveEveryMs: number;

  constructor(private readonly intake: CaseIntake, private readonly store: TransactionStore, private readonly options: CaseFilerOptions = {}) {
    this.pageSize = options.pageSize ?? 4;
    this.sliceMs = options.sliceMs ?? 4;
    this.busyPauseMs = options.busyPauseMs ?? 20;
    this.busyForMs = options.busyForMs ?? 50;
    this.saveEveryMs = options.saveEveryMs ?? 1000;
  }

  /** Loads the watermark and starts filing what is waiting; returns how many alerts wait. */
  async start(): Promise<number> {
    const saved = Number(await this.store.getSetting(FILED_SETTING));
    this.filedSeq = this.savedSeq = Number.isSafeInteger(saved) && saved > 0 ? saved : 0;
    const waiting = Math.max(0, (await this.store.lastAlertSeq()) - this.filedSeq);
    if (waiting > 0) this.wake();
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
        try {
          do {
            const page = await this.store.alertsAfter(this.filedSeq, this.pageSize);
            if (page.length === 0) {
              caughtUp = true;
              break;
            }
            const scored = await this.store.findScored(page.map((a) => a.transaction_id));
            this.filedAlerts += await this.intake.intake(scored);
            this.filedSeq = page[page.length - 1].seq;
          } while (performance.now() - sliceStart < this.sliceMs && !this.stopped);
        } catch (err) {
          (this.options.onError ?? ((e) => process.emitWarning(`ringwatch: case filing failed (retrying): ${String(e)}`)))(err);
          await new Promise((r) => setTimeout(r, 1000));
        }
        if (performance.now() - this.lastSave > this.saveEveryMs) await this.save();
        if (caughtUp) {
          this.behindSince = undefined;
          await this.save();
          break;
        }
        if (this.stopped) return;
        const busy = performance.now() - this.lastCommit < this.busyForMs;
        await new Promise((r) => (busy ? setTimeout(r, this.busyPauseMs) : setImmediate(r)));
      }
    }
  }

  private async save(): Promise<void> {
    this.lastSave = performance.now();
    if (this.filedSeq === this.savedSeq) return;
    const seq = this.filedSeq;
    await this.store.setSetting(FILED_SETTING, String(seq));
    this.savedSeq = seq;
  }
}
