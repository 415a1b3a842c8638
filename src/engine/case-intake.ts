import type { AlertFields } from '../cases/case.js';
import type { EvidenceSubgraph } from '../cases/evidence.js';
import { intakeAlerts } from '../cases/intake.js';
import type { CaseStore } from '../cases/store-port.js';
import type { FeatureExtractor } from '../features/extractor.js';
import type { AuditLog } from '../security/audit.js';
import { isAlert, type ScoredTransaction } from '../domain/alert.js';

/** How far back case evidence reads an account's transfers (the live graph keeps at least this much). */
export const NEIGHBOURHOOD_MS = 30 * 86_400_000;
const MAX_EDGES_SCANNED = 5000;
const MAX_NEIGHBOURS = 60;

/**
 * Turns committed alerts into cases: groups them by subject and ring (cases/grouping.ts),
 * freezes the evidence (the transaction, its reasons, the subject's neighbourhood in the live
 * graph with listed entities and ring members marked) and records each placement in the audit
 * log. The case filer (case-filer.ts) calls it in the background for alerts already durable, so a
 * decision never waits for case work.
 */
export class CaseIntake {
  constructor(
    private readonly cases: CaseStore,
    private readonly features: FeatureExtractor,
    private readonly ringOf: (account: string) => string | null,
    private readonly audit?: AuditLog,
    /** The risk of an account's ring, which weighs in its case's priority (default: the live ring membership's). */
    private readonly ringRiskOf: (account: string) => number = (a) => features.rings.riskOf(a),
  ) {}

  async intake(batch: readonly ScoredTransaction[], now = new Date()): Promise<number> {
    const byId = new Map<string, ScoredTransaction>();
    const alerts: AlertFields[] = [];
    for (const s of batch) {
      if (!isAlert(s.decision)) continue;
      byId.set(s.tx.id, s);
      alerts.push({
        transaction_id: s.tx.id, time: new Date(s.tx.time).toISOString(), from: s.tx.from, to: s.tx.to, amount: s.tx.amount,
        currency: s.tx.currency, score: s.decision.score, decision: s.decision.decision, reasons: s.decision.reasons,
      });
    }
    if (alerts.length === 0) return 0;
    const rings = new Map<string, string>();
    const ringRisk = new Map<string, number>();
    for (const a of alerts) {
      const r = this.ringOf(a.from);
      if (!r) continue;
      rings.set(a.from, r);
      ringRisk.set(a.from, this.ringRiskOf(a.from));
    }
    const result = await intakeAlerts(this.cases, alerts, {
      now,
      rings,
      ringRisk,
      evidence: (alert, ctx) => ({ transactions: [byId.get(alert.transaction_id)!.tx], subgraph: this.neighbourhood(ctx.subject) }),
    });
    await this.audit?.appendMany(result.audit.map((e) => ({ actor: 'system', action: e.action, subject: e.subject, details: e.details as never })));
    return result.placements.length;
  }

  /** The subject's counterparties over the last 30 days (bounded), as evidence. */
  neighbourhood(subject: string): EvidenceSubgraph {
    const f = this.features;
    const a = f.accounts.lookup(subject);
    const nodes = new Map<string, EvidenceSubgraph['nodes'][number]>();
    const node = (name: string): void => {
      if (nodes.has(name)) return;
      const ring = this.ringOf(name);
      nodes.set(name, { id: name, kind: 'account', ...(f.listed.isAccountNameListed(name) ? { listed: true } : {}), ...(ring ? { ring } : {}) });
    };
    node(subject);
    if (a < 0) return { nodes: [...nodes.values()], edges: [] };
    const g = f.graph;
    const latest = g.lastSeen[a];
    const edges = new Map<string, EvidenceSubgraph['edges'][number]>();
    const visit = (head: number, next: (e: number) => number): void => {
      let scanned = 0;
      for (let e = head; e !== -1 && scanned < MAX_EDGES_SCANNED; e = next(e), scanned++) {
        if (g.time(e) < latest - NEIGHBOURHOOD_MS) continue;
        const from = f.accounts.name(g.src(e));
        const to = f.accounts.name(g.dst(e));
        const key = `${from}\u0000${to}`;
        let edge = edges.get(key);
        if (!edge) {
          if (nodes.size >= MAX_NEIGHBOURS && !(nodes.has(from) && nodes.has(to))) continue;
          node(from);
          node(to);
          edge = { from, to, count: 0, amount: 0, currency: f.config.baseCurrency, transactions: [] };
          edges.set(key, edge);
        }
        edge.count++;
        edge.amount += Math.round(g.amount(e) * 100);
      }
    };
    visit(g.headOut[a], (e) => g.nextOut(e));
    visit(g.headIn[a], (e) => g.nextIn(e));
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
}
