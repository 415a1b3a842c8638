import Graph from 'graphology';
import { circular } from 'graphology-layout';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { Evidence, PathsAnswer, Subgraph } from '../api/types';

/**
 * Builds the graph the case page draws: the union of the case's evidence subgraphs, plus the
 * suspicious paths (upstream from blacklisted accounts), laid out with ForceAtlas2. Pure: no DOM.
 */

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  borderColor: string;
  borderSize: number;
  label: string;
  forceLabel: boolean;
  zIndex: number;
  kind: string;
  listed: boolean;
  ring: string | null;
  subject: boolean;
  onPath: boolean;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  zIndex: number;
  count: number;
  /** Decimal string in major units of `currency`. */
  amount: string;
  currency: string;
  transactions: string[];
  onPath: boolean;
  /** Known only from the path search, not from the frozen evidence. */
  pathOnly: boolean;
}

export type CaseGraph = Graph<NodeAttrs, EdgeAttrs>;

export const KIND_COLORS: Record<string, string> = {
  account: '#2f5d8a',
  party: '#6b4fa0',
  device: '#c46b1a',
  phone: '#138a8a',
  ip: '#7a6a52',
  email: '#5b7f2b',
  address: '#8a5a7a',
};
export const OTHER_COLOR = '#6b7280';
export const LISTED_COLOR = '#d92d20';
export const RING_BORDER = '#f5a524';
export const SUBJECT_BORDER = '#111827';
export const PATH_COLOR = '#d92d20';
export const EDGE_COLOR = '#b8c0cc';

export function kindColor(kind: string): string {
  return KIND_COLORS[kind] ?? OTHER_COLOR;
}

/** The union of several subgraphs: nodes by id (flags OR-ed), edges by (from, to) with their transactions merged. */
export function mergeSubgraphs(subgraphs: readonly Subgraph[]): Subgraph {
  const nodes = new Map<string, Subgraph['nodes'][number]>();
  const edges = new Map<string, Subgraph['edges'][number]>();
  for (const g of subgraphs) {
    for (const n of g.nodes ?? []) {
      const prev = nodes.get(n.id);
      nodes.set(n.id, prev ? { ...prev, listed: Boolean(prev.listed || n.listed), ring: prev.ring ?? n.ring ?? null } : { ...n });
    }
    for (const e of g.edges ?? []) {
      const key = `${e.from}\u0000${e.to}`;
      const prev = edges.get(key);
      if (!prev) {
        edges.set(key, { ...e, transactions: [...(e.transactions ?? [])] });
        continue;
      }
      const txs = new Set([...prev.transactions, ...(e.transactions ?? [])]);
      edges.set(key, {
        ...prev,
        transactions: [...txs],
        count: Math.max(prev.count, e.count, txs.size),
        amount: Number(e.amount) > Number(prev.amount) ? e.amount : prev.amount,
      });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

export function subgraphsOf(evidence: readonly Evidence[]): Subgraph[] {
  return evidence.map((e) => e.content?.subgraph).filter((g): g is Subgraph => Boolean(g && Array.isArray(g.nodes)));
}

function addNode(g: CaseGraph, id: string, kind: string, listed: boolean, ring: string | null, subject: boolean): void {
  g.addNode(id, {
    x: 0, y: 0, size: 6, color: kindColor(kind), borderColor: RING_BORDER, borderSize: 0, label: id, forceLabel: false, zIndex: 0,
    kind, listed, ring, subject, onPath: false,
  });
}

/** The graph with styling attributes set (colours, sizes, path highlighting) and laid out. */
export function buildCaseGraph(subject: string, subgraph: Subgraph, paths: PathsAnswer['paths'], options: { subjectIsAccount?: boolean } = {}): CaseGraph {
  const g: CaseGraph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const n of subgraph.nodes) addNode(g, n.id, n.kind || 'account', Boolean(n.listed), n.ring ?? null, n.id === subject);
  // A ring case's subject is the ring, not an account: no node of its own.
  if (options.subjectIsAccount !== false && !g.hasNode(subject) && (subgraph.nodes.length > 0 || paths.length > 0)) addNode(g, subject, 'account', false, null, true);

  for (const e of subgraph.edges) {
    if (e.from === e.to) continue;
    if (!g.hasNode(e.from)) addNode(g, e.from, 'account', false, null, false);
    if (!g.hasNode(e.to)) addNode(g, e.to, 'account', false, null, false);
    g.mergeEdge(e.from, e.to, {
      size: 1, color: EDGE_COLOR, zIndex: 0, count: e.count, amount: e.amount, currency: e.currency ?? 'CNY',
      transactions: e.transactions ?? [], onPath: false, pathOnly: false,
    });
  }

  // Suspicious paths: mark their nodes and the edges between consecutive accounts.
  for (const p of paths) {
    const accounts = p.accounts ?? [];
    accounts.forEach((a, i) => {
      if (!g.hasNode(a)) addNode(g, a, 'account', false, null, a === subject);
      g.setNodeAttribute(a, 'onPath', true);
      // The far end of an upstream search from the subject is the blacklisted account.
      const end = i === 0 || i === accounts.length - 1;
      if (end && a !== subject && accounts.length > 1) g.setNodeAttribute(a, 'listed', true);
    });
    for (let i = 0; i + 1 < accounts.length; i++) {
      const a = accounts[i];
      const b = accounts[i + 1];
      if (a === b) continue;
      const tx = p.transactions?.[i];
      const key = g.hasEdge(a, b) ? g.edge(a, b) : g.hasEdge(b, a) ? g.edge(b, a) : undefined;
      if (key !== undefined) {
        g.setEdgeAttribute(key, 'onPath', true);
      } else {
        g.addEdge(a, b, {
          size: 1, color: PATH_COLOR, zIndex: 1, count: 1, amount: '0', currency: 'CNY', transactions: tx ? [tx] : [], onPath: true, pathOnly: true,
        });
      }
    }
  }

  styleGraph(g);
  layout(g, subject);
  return g;
}

function styleGraph(g: CaseGraph): void {
  g.forEachNode((id, a) => {
    const degree = g.degree(id);
    const base = 7 + Math.min(8, Math.log2(1 + degree) * 1.8);
    const inRing = a.ring !== null && a.ring !== '';
    g.mergeNodeAttributes(id, {
      size: a.subject ? Math.max(16, base + 5) : base,
      color: a.listed ? LISTED_COLOR : kindColor(a.kind),
      borderColor: inRing ? RING_BORDER : SUBJECT_BORDER,
      borderSize: inRing ? 0.35 : a.subject ? 0.25 : 0,
      forceLabel: a.subject || a.listed || a.onPath,
      zIndex: a.subject ? 3 : a.onPath || a.listed ? 2 : inRing ? 1 : 0,
      label: id,
    });
  });
  g.forEachEdge((key, a) => {
    g.mergeEdgeAttributes(key, {
      size: a.onPath ? 3 : 1 + Math.min(3, Math.log2(1 + a.count) * 0.8),
      color: a.onPath ? PATH_COLOR : EDGE_COLOR,
      zIndex: a.onPath ? 1 : 0,
    });
  });
}

function layout(g: CaseGraph, subject: string): void {
  if (g.order === 0) return;
  circular.assign(g, { scale: 100 });
  if (g.hasNode(subject)) g.mergeNodeAttributes(subject, { x: 0, y: 0 });
  if (g.order > 2) {
    const settings = forceAtlas2.inferSettings(g);
    forceAtlas2.assign(g, { iterations: g.order > 400 ? 80 : 200, settings: { ...settings, gravity: 1, scalingRatio: 10, barnesHutOptimize: g.order > 400 } });
  }
}
