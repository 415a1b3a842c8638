import type { AlertFields } from '../cases/case.js';
import type { EvidenceSubgraph } from '../cases/evidence.js';
import { intakeRing, type RingCaseResult } from '../cases/ring-cases.js';
import type { CaseStore } from '../cases/store-port.js';
import type { Transaction } from '../domain/transaction.js';
import type { AuditLog } from '../security/audit.js';
import { isAlert, type TransactionStore } from '../store/port.js';
import type { Ring, RingReport } from './rings.js';

/** Default review threshold of ring risk (see README, "Rings and paths", for how it was chosen). */
export const DEFAULT_RING_REVIEW = 0.25;
/** Member alerts this far (before the first or after the last evidence transfer) belong to the ring. */
const ALERT_SPAN_MS = 30 * 86_400_000;
const ALERTS_PER_MEMBER = 500;

export interface RingCaseFilerOptions {
  /** Rings at or above this risk get a case (default DEFAULT_RING_REVIEW). */
  threshold?: number;
  /** Wall-clock time between runs when started (default 60 s; 0: only when asked). */
  everyMs?: number;
  listed?: (account: string) => boolean;
  onError?: (err: unknown) => void;
}

export interface RingCaseRun {
  rings: number;
  /** Rings at or above the threshold. */
  reviewed: number;
  results: RingCaseResult[];
}

/**
 * Files rings into cases in the background (never inline with scoring): each run takes the
 * current gangs (the ring service's cached report, recomputed only when the store has grown),
 * and every ring at or above the review threshold opens or updates its one case
 * (cases/ring-cases.ts) with its members' alerts and its evidence subgraph. A ring whose members
 * and evidence are unchanged since the last run in this process is not looked at again; after a
 * restart each is looked at once more and, intake being idempotent, nothing is written twice.
 * Member → ring is kept for the alert filer, so a member's later alerts join the ring's case.
 */
export class RingCaseFiler {
  readonly threshold: number;
  private readonly seen = new Map<string, string>();
  private readonly memberRing = new Map<string, string>();
  private running: Promise<RingCaseRun> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rings: { rings(algorithm: 'gangs'): Promise<RingReport> },
    private readonly store: TransactionStore,
    private readonly cases: CaseStore,
    private readonly audit?: AuditLog,
    private readonly options: RingCaseFilerOptions = {},
  ) {
    const t = options.threshold ?? DEFAULT_RING_REVIEW;
    if (!(t >= 0 && t <= 1)) throw new RangeError(`ring review threshold must be within 0–1, got ${t}`);
    this.threshold = t;
  }

  /** The ring (with a case) an account belongs to, for alert grouping. */
  ringOf(account: string): string | null {
    return this.memberRing.get(account) ?? null;
  }

  /** Runs now, or joins the run under way. */
  run(now = new Date()): Promise<RingCaseRun> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Runs every `everyMs` (unref'd timer) until stopped. */
  start(): void {
    const every = this.options.everyMs ?? 60_000;
    if (every <= 0 || this.timer) return;
    const tick = (): void => {
      this.run().catch((err: unknown) => (this.options.onError ?? ((e) => process.emitWarning(`ringwatch: ring case filing failed: ${String(e)}`)))(err));
    };
    this.timer = setInterval(tick, every);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async pass(now: Date): Promise<RingCaseRun> {
    const report = await this.rings.rings('gangs');
    const due = report.rings.filter((r) => r.risk >= this.threshold);
    const results: RingCaseResult[] = [];
    for (const ring of due) {
      const signature = `${ring.members.join(' ')}|${(ring.evidence ?? []).map((e) => e.id).join(' ')}`;
      if (this.seen.get(ring.ring) === signature) continue;
      let result: RingCaseResult;
      try {
        result = await intakeRing(this.cases, await this.input(ring), { now });
      } catch (err) {
        // One ring failing (a conflict that kept recurring, bad evidence) does not hold up the others; it is tried again next run.
        (this.options.onError ?? ((e) => process.emitWarning(`ringwatch: ring case for ${ring.ring} failed: ${String(e)}`)))(err);
        continue;
      }
      await this.audit?.appendMany(result.audit.map((e) => ({ actor: 'system', action: e.action, subject: e.subject, details: e.details as never })));
      results.push(result);
      this.seen.set(ring.ring, signature);
      if (result.case_id) for (const m of ring.members) this.memberRing.set(m, ring.ring);
    }
    return { rings: report.rings.length, reviewed: due.length, results };
  }

  /** The ring's member alerts and its evidence, read from the store (exact amounts and currencies). */
  private async input(ring: Ring): Promise<Parameters<typeof intakeRing>[1]> {
    const edges = ring.evidence ?? [];
    // The hops of the loops the ring closed are evidence too (their transfers; alerts come from the evidence only).
    const evidenceIds = new Set(edges.map((e) => e.id));
    const hopIds = (ring.motifs ?? []).flatMap((m) => m.transactions ?? []).filter((id) => !evidenceIds.has(id));
    const scored = await this.store.findScored([...new Set([...evidenceIds, ...hopIds])]);
    const transactions: Transaction[] = scored.map((s) => s.tx);
    const members = new Set(ring.members);
    const alerts = new Map<string, AlertFields>();
    for (const s of scored) {
      if (!evidenceIds.has(s.tx.id) || !isAlert(s.decision) || !members.has(s.tx.from)) continue;
      alerts.set(s.tx.id, {
        transaction_id: s.tx.id, time: new Date(s.tx.time).toISOString(), from: s.tx.from, to: s.tx.to, amount: s.tx.amount,
        currency: s.tx.currency, score: s.decision.score, decision: s.decision.decision, reasons: s.decision.reasons,
      });
    }
    const first = Math.min(...edges.map((e) => e.time));
    const last = Math.max(...edges.map((e) => e.time));
    for (const m of ring.members) {
      for (const a of await this.store.alerts({ account: m, limit: ALERTS_PER_MEMBER })) {
        const t = Date.parse(a.time);
        if (a.from === m && t >= first - ALERT_SPAN_MS && t <= last + ALERT_SPAN_MS) alerts.set(a.transaction_id, a);
      }
    }
    return {
      ring: ring.ring, members: ring.members, risk: ring.risk, reasons: ring.reasons,
      alerts: [...alerts.values()], subgraph: ringSubgraph(ring, transactions, this.options.listed), transactions,
    };
  }
}

/** The ring's evidence as a case subgraph: members (and hubs its evidence touches), edges per payer, payee and currency. */
export function ringSubgraph(ring: Pick<Ring, 'ring' | 'members'>, transactions: readonly Transaction[], listed?: (account: string) => boolean): EvidenceSubgraph {
  const members = new Set(ring.members);
  const nodes = new Map<string, EvidenceSubgraph['nodes'][number]>();
  const node = (id: string): void => {
    if (nodes.has(id)) return;
    nodes.set(id, { id, kind: 'account', ...(listed?.(id) ? { listed: true } : {}), ...(members.has(id) ? { ring: ring.ring } : {}) });
  };
  for (const m of ring.members) node(m);
  const edges = new Map<string, EvidenceSubgraph['edges'][number]>();
  for (const t of transactions) {
    node(t.from);
    node(t.to);
    const key = `${t.from}\u0000${t.to}\u0000${t.currency}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from: t.from, to: t.to, count: 0, amount: 0, currency: t.currency, transactions: [] }));
    e.count++;
    e.amount += t.amount;
    e.transactions.push(t.id);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
