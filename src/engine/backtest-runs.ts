import { randomUUID } from 'node:crypto';
import type { TransactionStore } from '../store/port.js';
import { Backtest, loadRulesWith, type BacktestReport, type DecisionDiff, type RuleText } from './backtest.js';
import type { EngineConfig } from './config.js';
import { buildScorer } from './runtime.js';
import type { Scorer } from './scorer.js';
import { Watchlists } from './watchlists.js';

/**
 * What-if backtests over the store's log, run in the background of the API server: each run
 * replays the stored transactions (and list changes, interleaved as they happened) through two
 * configurations, each with its own fresh scorer, and compares the decisions made in a time
 * range. The store is only read: stored decisions never change. Runs and their results live in
 * this object (the server's memory), the newest `keep` of them.
 */

/** One side of a what-if: the server's configuration, with parts switched off or a rule pack added. */
export interface BacktestSideSpec {
  /** The built-in packs (default: as the server runs). */
  builtinRules?: boolean;
  /** The server's configured rule files (default true). */
  configuredRules?: boolean;
  /** The server's model (default true). */
  model?: boolean;
  /** A rule pack as YAML or JSON text, added on top. */
  rules?: string;
}

export interface BacktestRequest {
  /** Compare transactions with time ≥ from (epoch ms); earlier ones still build the state. */
  from?: number;
  /** Compare transactions with time < to (epoch ms). */
  to?: number;
  a: BacktestSideSpec;
  b: BacktestSideSpec;
  /** Who started it (a principal id). */
  by: string;
}

export type RunState = 'running' | 'done' | 'failed';

export interface BacktestRun {
  id: string;
  state: RunState;
  created_at: string;
  finished_at?: string;
  started_by: string;
  from?: number;
  to?: number;
  /** Stored transactions to replay (the log's length when the run started). */
  total: number;
  processed: number;
  report?: BacktestReport;
  /** The first differing decisions (report.differing counts them all). */
  differences?: DecisionDiff[];
  error?: string;
}

/** A second run while one is running is refused: a backtest replays the whole log twice. */
export class BacktestBusyError extends Error {
  constructor(readonly running: string) {
    super(`backtest ${running} is still running; poll it or wait until it is done`);
  }
}

export interface BacktestRunsOptions {
  /** Runs kept (oldest finished dropped first). */
  keep?: number;
  /** Differing decisions kept per run. */
  keepDiffs?: number;
  /** Milliseconds of work before the run yields to the event loop (the API stays responsive). */
  sliceMs?: number;
}

export class BacktestRuns {
  private readonly runs = new Map<string, BacktestRun>();
  private readonly keep: number;
  private readonly keepDiffs: number;
  private readonly sliceMs: number;
  private running?: Promise<void>;

  constructor(
    private readonly store: TransactionStore,
    private readonly config: EngineConfig,
    options: BacktestRunsOptions = {},
  ) {
    this.keep = options.keep ?? 20;
    this.keepDiffs = options.keepDiffs ?? 500;
    this.sliceMs = options.sliceMs ?? 20;
  }

  /** The configuration of one side; throws RuleLoadError (rule problems named `<name>:line:column`) for a bad pack. */
  scorerFor(spec: BacktestSideSpec, name: string): Scorer {
    const c = structuredClone(this.config);
    if (spec.builtinRules !== undefined) c.builtinRules = spec.builtinRules;
    if (spec.configuredRules === false) c.ruleFiles = [];
    if (spec.model === false) c.modelFile = undefined;
    const texts: RuleText[] = spec.rules !== undefined && spec.rules.trim() !== '' ? [{ name, text: spec.rules }] : [];
    return buildScorer(c, loadRulesWith(c, texts));
  }

  /**
   * Starts a run: both configurations are built first (a bad rule pack throws here, before
   * anything runs), then the replay goes on in the background. Throws BacktestBusyError while
   * another run is going.
   */
  async start(request: BacktestRequest): Promise<BacktestRun> {
    const busy = [...this.runs.values()].find((r) => r.state === 'running');
    if (busy) throw new BacktestBusyError(busy.id);
    const a = this.scorerFor(request.a, 'a.rules');
    const b = this.scorerFor(request.b, 'b.rules');
    const run: BacktestRun = {
      id: randomUUID(), state: 'running', created_at: new Date().toISOString(), started_by: request.by,
      from: request.from, to: request.to, total: 0, processed: 0,
    };
    this.runs.set(run.id, run);
    this.prune();
    this.running = this.execute(run, new Backtest(a, b, { labelled: false, keepDiffs: this.keepDiffs })).catch((err: unknown) => {
      run.state = 'failed';
      run.error = err instanceof Error ? err.message : String(err);
      run.finished_at = new Date().toISOString();
    });
    return run;
  }

  get(id: string): BacktestRun | undefined {
    return this.runs.get(id);
  }

  /** Newest first. */
  list(): BacktestRun[] {
    return [...this.runs.values()].reverse();
  }

  /** Resolves once the current run (if any) has ended (tests, shutdown). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async execute(run: BacktestRun, backtest: Backtest): Promise<void> {
    // The log as it stands now: transactions committed while the run goes are not part of it.
    run.total = await this.store.count();
    const events = await this.store.listEvents();
    const listsA = new Watchlists(backtest.a.features.listed);
    const listsB = new Watchlists(backtest.b.features.listed);
    const { from, to } = run;
    let next = 0;
    let n = 0;
    let sliceStart = performance.now();
    outer: for await (const page of this.store.replay(1000)) {
      for (const tx of page) {
        if (n >= run.total) break outer;
        while (next < events.length && events[next].after_transactions <= n) {
          listsA.apply(events[next]);
          listsB.apply(events[next++]);
        }
        backtest.step(tx, (from === undefined || tx.time >= from) && (to === undefined || tx.time < to));
        n++;
        if ((n & 15) === 0 && performance.now() - sliceStart >= this.sliceMs) {
          run.processed = n;
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    }
    run.processed = n;
    run.report = backtest.tally.report();
    run.differences = backtest.tally.diffs;
    run.state = 'done';
    run.finished_at = new Date().toISOString();
  }

  private prune(): void {
    for (const [id, r] of this.runs) {
      if (this.runs.size <= this.keep) return;
      if (r.state !== 'running') this.runs.delete(id);
    }
  }
}
