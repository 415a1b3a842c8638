import type { Alert } from '../domain/alert.js';
import type { Reason } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import { canonicalJson } from '../security/canonical-json.js';
import { isoTime, type AlertFields } from './case.js';
import { isSha256Hex, sha256Hex } from './hash.js';

/**
 * Evidence frozen at alert time: when a case opens or an alert joins it, the alert, its
 * transactions, its reasons (with the feature values that fired them) and the subgraph around the
 * subject are captured, written as canonical JSON (security/canonical-json.ts) and hashed with
 * SHA-256. The snapshot is deeply frozen and never changed; {@link verifyEvidence} re-derives the
 * text and the hash, so any later edit of the stored text, the hash or the parsed content shows.
 *
 * The input is normalised before hashing (nodes by id, edges by endpoints, transactions by time and
 * id, an edge's transaction ids sorted), so the same facts always give the same hash whatever order
 * the caller listed them in.
 */

export const EVIDENCE_FORMAT = 'ringwatch.case-evidence';
export const EVIDENCE_VERSION = 1;

export interface EvidenceNode {
  id: string;
  /** account, party, device, phone, ip, email, … */
  kind: string;
  /** On a blacklist or watchlist at capture time. */
  listed?: boolean;
  ring?: string;
}

export interface EvidenceEdge {
  from: string;
  to: string;
  /** Transfers along the edge in the captured window. */
  count: number;
  /** Their total, in integer minor units (of `currency` when given). */
  amount: number;
  currency?: string;
  /** Ids of those transfers. */
  transactions: string[];
}

export interface EvidenceSubgraph {
  nodes: EvidenceNode[];
  edges: EvidenceEdge[];
}

/**
 * A name-screening hit frozen beside its alert (screening cases): the party as screened and the
 * list entry it matched, side by side, with the score and the matcher's reasons.
 */
export interface ScreeningEvidence {
  list: string;
  list_version: number;
  /** When that list version came into force. */
  list_as_of: string;
  score: number;
  /** The threshold the hit reached. */
  threshold: number;
  /** The matcher's reasons (they quote names and dates: masked like them). */
  match_reasons: string[];
  query: { account: string; name: string; dob?: string; country?: string; id_no?: string };
  entry: { list_id: string; name: string; kind: string; aliases: string[]; country: string; dob: string; id_no: string; source: string };
}

/** The alert as frozen: the store's alert without its sequence number. */
export type EvidenceAlert = Omit<Alert, 'seq'>;

/** What is hashed. */
export interface EvidenceContent {
  format: typeof EVIDENCE_FORMAT;
  version: typeof EVIDENCE_VERSION;
  case_id: string;
  subject: string;
  ring: string | null;
  /** `open`: the alert opened the case; `alert`: it joined it. */
  trigger: 'open' | 'alert';
  captured_at: string;
  alert: EvidenceAlert;
  transactions: Transaction[];
  subgraph: EvidenceSubgraph;
  /** Screening cases only: the hit compared side by side (absent otherwise, so older hashes stand). */
  screening?: ScreeningEvidence;
}

export interface Evidence {
  case_id: string;
  transaction_id: string;
  captured_at: string;
  /** The canonical JSON text of `content`: what is stored and hashed. */
  canonical: string;
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `canonical`. */
  sha256: string;
  content: Readonly<EvidenceContent>;
}

export interface EvidenceInput {
  case_id: string;
  subject: string;
  ring?: string | null;
  trigger: 'open' | 'alert';
  alert: AlertFields;
  /** The alert's transaction (and any other the caller wants kept), as the engine saw them. */
  transactions?: readonly Transaction[];
  subgraph?: EvidenceSubgraph;
  screening?: ScreeningEvidence;
  captured_at: Date | string;
}

function fail(msg: string): never {
  throw new TypeError(`evidence: ${msg}`);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') fail(`${what} must be a non-empty string`);
  return v;
}

function count(v: unknown, what: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) fail(`${what} must be a whole number ≥ 0`);
  return v as number;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseSubgraph(g: EvidenceSubgraph | undefined): EvidenceSubgraph {
  if (g === undefined) return { nodes: [], edges: [] };
  if (!g || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) fail('subgraph must have nodes and edges arrays');
  const ids = new Set<string>();
  const nodes = g.nodes.map((n, i): EvidenceNode => {
    const id = str(n?.id, `subgraph.nodes[${i}].id`);
    if (ids.has(id)) fail(`subgraph node ${JSON.stringify(id)} is listed twice`);
    ids.add(id);
    const node: EvidenceNode = { id, kind: str(n.kind, `subgraph node ${id}: kind`) };
    if (n.listed !== undefined) {
      if (typeof n.listed !== 'boolean') fail(`subgraph node ${id}: listed must be a boolean`);
      node.listed = n.listed;
    }
    if (n.ring !== undefined) node.ring = str(n.ring, `subgraph node ${id}: ring`);
    return node;
  });
  const edges = g.edges.map((e, i): EvidenceEdge => {
    const where = `subgraph.edges[${i}]`;
    const from = str(e?.from, `${where}.from`);
    const to = str(e.to, `${where}.to`);
    for (const end of [from, to]) if (!ids.has(end)) fail(`${where} (${from} → ${to}) ends at ${JSON.stringify(end)}, which is not a node`);
    if (!Array.isArray(e.transactions)) fail(`${where}.transactions must be an array`);
    const edge: EvidenceEdge = {
      from, to,
      count: count(e.count, `${where}.count`),
      amount: count(e.amount, `${where}.amount`),
      transactions: e.transactions.map((t, j) => str(t, `${where}.transactions[${j}]`)).sort(cmp),
    };
    if (e.currency !== undefined) edge.currency = str(e.currency, `${where}.currency`);
    return edge;
  });
  nodes.sort((a, b) => cmp(a.id, b.id));
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.currency ?? '', b.currency ?? '') || a.amount - b.amount);
  return { nodes, edges };
}

function copyTransaction(tx: Transaction, i: number): Transaction {
  if (!tx || typeof tx !== 'object') fail(`transactions[${i}] must be a transaction`);
  str(tx.id, `transactions[${i}].id`);
  if (!Number.isFinite(tx.time)) fail(`transaction ${tx.id}: time must be epoch milliseconds`);
  count(tx.amount, `transaction ${tx.id}: amount`);
  return JSON.parse(JSON.stringify(tx)) as Transaction;
}

function copyScreening(s: ScreeningEvidence): ScreeningEvidence {
  if (!s || typeof s !== 'object') fail('screening must be an object');
  str(s.list, 'screening.list');
  str(s.query?.account, 'screening.query.account');
  str(s.entry?.list_id, 'screening.entry.list_id');
  if (!Number.isSafeInteger(s.list_version) || s.list_version < 1) fail('screening.list_version must be a whole number ≥ 1');
  for (const k of ['score', 'threshold'] as const) if (!(s[k] >= 0 && s[k] <= 1)) fail(`screening.${k} must be in [0, 1]`);
  if (!Array.isArray(s.match_reasons) || !Array.isArray(s.entry.aliases)) fail('screening.match_reasons and screening.entry.aliases must be arrays');
  // Optional query fields left out rather than undefined, so the canonical text is plain JSON.
  return JSON.parse(JSON.stringify(s)) as ScreeningEvidence;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Captures one snapshot. Throws a TypeError naming the field when the input is not valid evidence. */
export function createEvidence(input: EvidenceInput): Evidence {
  const a = input.alert;
  const alert: EvidenceAlert = {
    transaction_id: str(a?.transaction_id, 'alert.transaction_id'),
    time: isoTime(a.time, `alert ${a.transaction_id}`),
    from: a.from, to: a.to, amount: count(a.amount, 'alert.amount'), currency: a.currency,
    score: a.score, decision: a.decision,
    reasons: JSON.parse(JSON.stringify(a.reasons ?? [])) as Reason[],
  };
  if (input.trigger !== 'open' && input.trigger !== 'alert') fail('trigger must be open or alert');
  const seen = new Set<string>();
  const transactions = (input.transactions ?? []).map(copyTransaction).filter((t) => !seen.has(t.id) && seen.add(t.id));
  transactions.sort((x, y) => x.time - y.time || cmp(x.id, y.id));
  const content: EvidenceContent = {
    format: EVIDENCE_FORMAT,
    version: EVIDENCE_VERSION,
    case_id: str(input.case_id, 'case_id'),
    subject: str(input.subject, 'subject'),
    ring: input.ring ?? null,
    trigger: input.trigger,
    captured_at: isoTime(input.captured_at, 'captured_at'),
    alert,
    transactions,
    subgraph: normaliseSubgraph(input.subgraph),
  };
  if (input.screening !== undefined) content.screening = copyScreening(input.screening);
  const canonical = canonicalJson(content);
  let parsed: Readonly<EvidenceContent> | undefined;
  return Object.freeze({
    case_id: content.case_id,
    transaction_id: alert.transaction_id,
    captured_at: content.captured_at,
    canonical,
    sha256: sha256Hex(canonical),
    // Parsed back from the canonical text, so the content is exactly what was hashed — when first
    // read: the case filer stores the text and the hash only (parsing and freezing was a quarter of a snapshot's cost).
    get content(): Readonly<EvidenceContent> {
      return (parsed ??= deepFreeze(JSON.parse(canonical) as EvidenceContent));
    },
  });
}

/** A stored snapshot read back: content parsed from the stored text (the hash is not checked here). */
export function evidenceFromStored(canonical: string, sha256: string): Evidence {
  const content = JSON.parse(canonical) as EvidenceContent;
  return deepFreeze({
    case_id: content.case_id,
    transaction_id: content.alert?.transaction_id,
    captured_at: content.captured_at,
    canonical,
    sha256,
    content,
  });
}

export type EvidenceCheck = { ok: true } | { ok: false; problem: string };

/**
 * Re-checks a snapshot: the stored hash matches the text, the text is canonical, and the parsed
 * content (and the row's own case id, transaction id and time) still say what the text says.
 */
export function verifyEvidence(e: Evidence): EvidenceCheck {
  if (!isSha256Hex(e.sha256)) return { ok: false, problem: 'the stored hash is not a SHA-256' };
  if (sha256Hex(e.canonical) !== e.sha256) return { ok: false, problem: 'the text does not match its SHA-256: it was changed after capture' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(e.canonical);
  } catch {
    return { ok: false, problem: 'the text is not JSON' };
  }
  if (canonicalJson(parsed) !== e.canonical) return { ok: false, problem: 'the text is not canonical JSON' };
  let content: string;
  try {
    content = canonicalJson(e.content);
  } catch (err) {
    return { ok: false, problem: `the content is not JSON: ${(err as Error).message}` };
  }
  if (content !== e.canonical) return { ok: false, problem: 'the content differs from the hashed text: it was changed after capture' };
  const c = e.content;
  if (c.format !== EVIDENCE_FORMAT || c.version !== EVIDENCE_VERSION) return { ok: false, problem: `unknown evidence format ${c.format}/${c.version}` };
  if (c.case_id !== e.case_id || c.alert.transaction_id !== e.transaction_id || c.captured_at !== e.captured_at) {
    return { ok: false, problem: 'the case id, transaction id or capture time beside the text differ from the hashed content' };
  }
  return { ok: true };
}
