import type { Verdict } from '../domain/decision.js';
import type { StoreCounts } from '../store/port.js';

const BUCKETS_MS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

/** A latency histogram in Prometheus' cumulative-bucket form. */
class Histogram {
  readonly counts = new Float64Array(BUCKETS_MS.length + 1);
  sum = 0;
  count = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < BUCKETS_MS.length && ms > BUCKETS_MS[i]) i++;
    this.counts[i]++;
    this.sum += ms;
    this.count++;
  }

  render(name: string, help: string, out: string[]): void {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let acc = 0;
    BUCKETS_MS.forEach((b, i) => {
      acc += this.counts[i];
      out.push(`${name}_bucket{le="${b / 1000}"} ${acc}`);
    });
    out.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum / 1000}`, `${name}_count ${this.count}`);
  }
}

export interface Gauges {
  accounts: number;
  edges: number;
  /** Edges compactions dropped (features no longer read them). */
  droppedEdges: number;
  committed: number;
  commits: number;
  /** Transfers the daily ring refresh holds (those within its horizon, plus arrivals since its last compaction). */
  ringTransfers?: number;
  /** Evidence transfers the live gang finder holds (bounded: see StoreGangs). */
  gangEvidence?: number;
  /** The case filer's backlog (alerts committed, not yet in cases), age and total filed. */
  intake?: { alerts: number; seconds: number; filed: number };
  /** What the store holds (survives restarts), and its cases by state when it keeps cases. */
  store: StoreCounts;
  cases?: Record<string, number>;
}

/** A label value in the exposition format (backslash, quote and newline escaped). */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Counters the server keeps and renders in the Prometheus text format at /metrics. */
export class Metrics {
  readonly decisions: Record<Verdict, number> = { ALLOW: 0, REVIEW: 0, BLOCK: 0 };
  duplicates = 0;
  rejected = 0;
  readonly latency = new Histogram();

  /** Decision times of the last minutes, for a transactions-per-second figure (a ring of seconds). */
  private readonly perSecond = new Float64Array(120);
  private readonly secondOf = new Float64Array(120);

  decided(v: Verdict, duplicate: boolean): void {
    if (duplicate) this.duplicates++;
    else this.decisions[v]++;
    const s = Math.floor(Date.now() / 1000);
    const i = s % 120;
    if (this.secondOf[i] !== s) (this.secondOf[i] = s), (this.perSecond[i] = 0);
    this.perSecond[i]++;
  }

  /** Decisions since `since` (epoch ms, at most two minutes back). */
  recentDecisions(since: number): number {
    const from = Math.floor(since / 1000);
    let n = 0;
    for (let i = 0; i < 120; i++) if (this.secondOf[i] >= from) n += this.perSecond[i];
    return n;
  }

  render(g: Gauges): string {
    const out: string[] = [];
    out.push('# HELP ringwatch_decisions_total Transactions decided by this process since it started, by verdict (the store\'s counts: ringwatch_store_decisions).', '# TYPE ringwatch_decisions_total counter');
    for (const v of Object.keys(this.decisions) as Verdict[]) out.push(`ringwatch_decisions_total{decision="${v}"} ${this.decisions[v]}`);
    out.push('# HELP ringwatch_duplicates_total Submissions of an id already decided, since this process started.', '# TYPE ringwatch_duplicates_total counter');
    out.push(`ringwatch_duplicates_total ${this.duplicates}`);
    out.push('# HELP ringwatch_rejected_total Records rejected by validation, since this process started.', '# TYPE ringwatch_rejected_total counter');
    out.push(`ringwatch_rejected_total ${this.rejected}`);
    this.latency.render('ringwatch_decision_seconds', 'Time from request to durable decision.', out);
    const gauge = (name: string, help: string, v: number): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
    };
    gauge('ringwatch_accounts', 'Accounts in the live graph.', g.accounts);
    gauge('ringwatch_edges', 'Transfer edges in the live graph.', g.edges);
    out.push('# HELP ringwatch_edges_dropped_total Transfer edges dropped from the live graph once no feature could read them.', '# TYPE ringwatch_edges_dropped_total counter');
    out.push(`ringwatch_edges_dropped_total ${g.droppedEdges}`);
    if (g.ringTransfers !== undefined) gauge('ringwatch_ring_transfers', 'Transfers held for the ring refresh (within the ring horizon, plus arrivals since its last compaction).', g.ringTransfers);
    if (g.gangEvidence !== undefined) gauge('ringwatch_gang_evidence', 'Evidence transfers the live gang finder holds (rebuilt from the ring horizon when they span three horizons or pass two million).', g.gangEvidence);
    gauge('ringwatch_committed_transactions', 'Transactions committed by this process.', g.committed);
    gauge('ringwatch_commits', 'Store commits by this process.', g.commits);
    if (g.intake) {
      gauge('ringwatch_case_intake_lag_alerts', 'Alerts committed but not yet filed into cases.', g.intake.alerts);
      gauge('ringwatch_case_intake_lag_seconds', 'Seconds since case filing was last caught up (0 when it is).', g.intake.seconds);
      out.push('# HELP ringwatch_case_intake_filed_total Alerts filed into cases by this process.', '# TYPE ringwatch_case_intake_filed_total counter');
      out.push(`ringwatch_case_intake_filed_total ${g.intake.filed}`);
    }
    const st = g.store;
    gauge('ringwatch_store_transactions', 'Transactions the store holds.', st.transactions);
    out.push('# HELP ringwatch_store_decisions Stored transactions by verdict.', '# TYPE ringwatch_store_decisions gauge');
    for (const v of Object.keys(st.decisions) as Verdict[]) out.push(`ringwatch_store_decisions{decision="${v}"} ${st.decisions[v]}`);
    gauge('ringwatch_store_alerts', 'Alerts the store holds.', st.alerts);
    out.push('# HELP ringwatch_store_rule_hits Stored transactions each rule fired on.', '# TYPE ringwatch_store_rule_hits gauge');
    for (const [rule, n] of Object.entries(st.rules).sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`ringwatch_store_rule_hits{rule="${label(rule)}"} ${n}`);
    if (g.cases) {
      out.push('# HELP ringwatch_store_cases Stored cases by workflow state.', '# TYPE ringwatch_store_cases gauge');
      for (const [state, n] of Object.entries(g.cases)) out.push(`ringwatch_store_cases{state="${label(state)}"} ${n}`);
    }
    const mem = process.memoryUsage();
    gauge('process_resident_memory_bytes', 'Resident memory.', mem.rss);
    gauge('nodejs_heap_used_bytes', 'V8 heap in use.', mem.heapUsed);
    gauge('nodejs_external_memory_bytes', 'Memory outside the V8 heap held by JavaScript objects (typed arrays, buffers).', mem.external);
    return out.join('\n') + '\n';
  }
}
