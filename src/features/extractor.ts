import type { Transaction } from '../domain/transaction.js';
import { IdentifierLinks } from '../graph/identifier-links.js';
import { Interner } from '../graph/interner.js';
import { ListedSet } from '../graph/listed.js';
import { RingMembership } from './ring-membership.js';
import { EDGE_CASH, EDGE_CROSS_BORDER, EDGE_NEAR_THRESHOLD, EDGE_NEW_PAIR, TransferGraph } from '../graph/transfer-graph.js';
import { featureLayout, featureNames, FLOW_METRICS, WINDOW_METRICS, type FeatureLayout } from './catalog.js';
import { aggregateWindows, checkFeatureConfig, type FeatureConfig } from './config.js';
import { DayTotals } from './day-totals.js';
import { BaseCurrency } from './money.js';
import { ascendingWindows, LONG_WINDOW, PATTERN_WINDOW, SuperNodes, type PatternGraph } from './patterns/context.js';
import { WindowMax, writeFlowStats } from './patterns/flow-stats.js';
import { ListedDistance } from './patterns/listed-distance.js';
import { passThrough } from './patterns/pass-through.js';
import { ScatterGather } from './patterns/scatter-gather.js';
import { SharedIdentifiers } from './patterns/shared-identifiers.js';
import { WindowAggregates } from './windows.js';
import { createFamilies, type FeatureFamily, type TransferContext } from './families/index.js';
import { SearchBlock } from './search-block.js';
import { TransferFacts } from './transfer-facts.js';
import { CompactionSchedule } from './compaction-schedule.js';
import { NewLinkCycles } from './families/new-link-cycles.js';
import { readAccountState, writeAccountSide, type AccountSideSource, type AccountState } from './account-state.js';

import type { CounterpartyScorer, FeatureExtractorOptions, PrecomputedSearches } from './extractor-options.js';

export type { AccountState } from './account-state.js';
export type { CounterpartyScorer, FeatureExtractorOptions, PrecomputedSearches } from './extractor-options.js';

const NM = WINDOW_METRICS.length;
const NF = FLOW_METRICS.length;

/**
 * Turns each transaction into its feature vector while updating the live state: the
 * transfer graph, sliding windows per account and direction, day totals and identifier
 * links. `apply` is the only mutator of that state, so replaying the same transactions in
 * the same order (with the same changes to `listed` at the same points) rebuilds the same
 * state and the same features. Graph-pattern features are bounded searches over the graph
 * as it stands at the transaction, its own transfer being the newest edge.
 */
export class FeatureExtractor {
  /** Account names ↔ dense ids (see `FeatureExtractorOptions.accounts`). */
  readonly accounts: Interner;
  readonly graph = new TransferGraph();
  readonly identifiers = new IdentifierLinks();
  /** Listed accounts and identifiers; changes take effect from the next `apply`. */
  readonly listed: ListedSet;
  readonly layout: FeatureLayout;
  readonly names: readonly string[];
  private readonly outW: WindowAggregates;
  private readonly inW: WindowAggregates;
  private readonly days: DayTotals;
  private readonly sideState: AccountSideSource;
  private readonly money: BaseCurrency;
  private readonly facts: TransferFacts;
  /** Aggregate window indices of the pattern, pass-through windows. */
  private readonly kPattern: number;
  private readonly kPass: number;
  private readonly maxima: WindowMax;
  private readonly superNodes: SuperNodes;
  private readonly sg: ScatterGather;
  private readonly search: SearchBlock;
  private readonly distance: ListedDistance;
  private readonly shared: SharedIdentifiers;
  /** Ring of each account and its risk, set by the engine's batch ring analysis. */
  readonly rings: RingMembership;
  /** Dense ids of the last transaction's payer, payee, device and phone (-1: none), for hooks. */
  readonly last = { from: -1, to: -1, device: -1, phone: -1 };
  /** What the pattern searches read (graph, windows, super-nodes, caps), for diagnostics and tests. */
  readonly patterns: PatternGraph;
  /** Time of the earliest transaction seen: how long the engine has been watching. */
  private firstEvent = NaN;
  /** The feature families after the core blocks, each writing its own slice. */
  private readonly families: FeatureFamily[];
  /** Counterparty name screening (the last block), when configured. */
  readonly counterparties: CounterpartyScorer | undefined;
  private readonly ctx: TransferContext;
  private readonly compaction: boolean;
  private readonly retainMs: number;
  private readonly schedule = new CompactionSchedule();
  /** The family that finds cycles of first-time links (their accounts are read after `apply`). */
  private readonly loops: NewLinkCycles | undefined;
  /** The search features come from elsewhere (a worker thread), in apply order. */
  private readonly precomputed: PrecomputedSearches | undefined;
  /** This extractor computes the search features only (a worker thread's). */
  private readonly searchesOnly: boolean;

  constructor(
    readonly config: FeatureConfig,
    options: FeatureExtractorOptions = {},
  ) {
    checkFeatureConfig(config);
    this.accounts = options.accounts ?? new Interner();
    this.layout = featureLayout(config);
    this.names = featureNames(config);
    const windows = aggregateWindows(config);
    this.outW = new WindowAggregates(windows, this.graph, 'out');
    this.inW = new WindowAggregates(windows, this.graph, 'in');
    this.days = new DayTotals(config.dayOffsetMs);
    this.sideState = { outW: this.outW, inW: this.inW, days: this.days, windows: this.layout.windows };
    this.money = new BaseCurrency(config);
    this.facts = new TransferFacts(config);
    this.listed = options.listed ?? new ListedSet();
    this.counterparties = options.counterparties;
    this.listed.attach(this.accounts);
    this.kPattern = windows.indexOf(config.patternWindowMs);
    const kCycle = windows.indexOf(config.cycleWindowMs);
    const kListed = windows.indexOf(config.listedWindowMs);
    const kLong = windows.indexOf(Math.max(...config.windowsMs, ...config.layeringWindowsMs));
    this.superNodes = new SuperNodes([this.kPattern, kCycle, kListed, kLong], config.patternMaxDegree);
    const pg: PatternGraph = {
      graph: this.graph, outW: this.outW, inW: this.inW, superNodes: this.superNodes, maxVisits: config.patternMaxVisits,
      ascending: ascendingWindows(windows),
    };
    this.patterns = pg;
    this.kPass = windows.indexOf(config.passThroughWindowMs);
    this.maxima = new WindowMax(this.graph, config.patternWindowMs);
    // One scatter-gather walk serves the pattern window (slot 0) and the layering windows.
    this.sg = new ScatterGather(pg, [
      { k: this.kPattern, ms: config.patternWindowMs, superBit: PATTERN_WINDOW },
      ...config.layeringWindowsMs.map((ms) => ({ k: windows.indexOf(ms), ms, superBit: LONG_WINDOW })),
    ]);
    this.distance = new ListedDistance(pg, this.listed, kListed, config.listedWindowMs, config.listedMaxHops);
    this.shared = new SharedIdentifiers(this.identifiers, this.listed, config.patternMaxDegree);
    this.rings = new RingMembership(this.accounts);
    this.families = createFamilies(config, windows, this.sg);
    const names = this.families.flatMap((f) => f.names);
    if (names.join() !== this.names.slice(this.layout.families, this.layout.screen).join()) throw new Error('feature families and catalog disagree');
    this.loops = this.families.find((f): f is NewLinkCycles => f instanceof NewLinkCycles);
    this.search = new SearchBlock(config, pg, kCycle, this.sg, this.families, this.layout.pattern, this.layout.families);
    this.precomputed = options.precomputed;
    this.searchesOnly = options.searchesOnly ?? false;
    if (this.precomputed && this.searchesOnly) throw new Error('an extractor either computes the search features only or takes them precomputed');
    this.ctx = {
      tx: { id: '', time: 0, from: '', to: '', amount: 0, currency: '', channel: '', from_type: 'natural', to_type: 'natural' },
      s: 0, r: 0, e: 0, t: 0, amount: 0, prevPair: -1, prevTime: NaN, pair: -1, payerAgeS: 0, payeeNew: false, graph: this.graph, outW: this.outW, inW: this.inW,
    };
    this.compaction = options.compaction ?? true;
    this.retainMs = options.retainMs ?? 0;
  }

  /** A fresh vector of the right size. */
  newVector(): Float64Array {
    return new Float64Array(this.layout.size);
  }

  /** Vector positions of the search features (see `SearchBlock`): what `searchesOnly` computes, `precomputed` gives. */
  searchSlots(): Int32Array {
    return this.search.slots;
  }

  private account(name: string): number {
    const id = this.accounts.intern(name);
    this.ensureAccount(id);
    return id;
  }

  private ensureAccount(id: number): void {
    if (id >= this.graph.accountCount) {
      const n = Math.max(id + 1, this.graph.accountCount * 2, 1024);
      this.graph.ensureAccounts(n);
      this.outW.ensureAccounts(n);
      this.inW.ensureAccounts(n);
      this.days.ensureAccounts(n);
      this.maxima.ensureAccounts(n);
      this.superNodes.ensureAccounts(n);
      this.sg.ensureAccounts(n);
      this.distance.ensureAccounts(n);
      this.rings.ensureAccounts(n);
      for (const f of this.families) f.ensureAccounts(n);
    }
  }

  /** Compactions run so far (see CompactionSchedule). */
  get compactions(): number {
    return this.schedule.count;
  }

  /** Applies the transaction to the state and writes its features into `out`. */
  apply(tx: Transaction, out: Float64Array): void {
    if (this.listed.hasAccountChanges) this.listingsChanged();
    if (this.compaction && this.schedule.due(this.graph.edgeCount, this.graph.edgeCapacity)) this.compact();
    const s = this.account(tx.from);
    this.applyAt(tx, s, this.account(tx.to), out);
  }

  /**
   * As `apply`, with the payer's and payee's dense ids given: their ids in a preloaded `accounts`
   * (a batch run), or any stable ids from 0 (a search worker, which never reads names back).
   */
  applyDense(tx: Transaction, s: number, r: number, out: Float64Array): void {
    if (this.listed.hasAccountChanges) this.listingsChanged();
    if (this.compaction && this.schedule.due(this.graph.edgeCount, this.graph.edgeCapacity)) this.compact();
    this.ensureAccount(Math.max(s, r));
    this.applyAt(tx, s, r, out);
  }

  private applyAt(tx: Transaction, s: number, r: number, out: Float64Array): void {
    const c = this.config;
    const t = tx.time;
    const amount = this.money.toBase(tx.amount, tx.currency);
    const facts = this.facts;
    facts.read(tx, amount);
    const { cash, crossBorder, near } = facts;

    // Account history before this transaction.
    const g = this.graph;
    const sNew = Number.isNaN(g.firstSeen[s]);
    const rNew = Number.isNaN(g.firstSeen[r]);
    const sAge = sNew ? 0 : Math.max(0, t - g.firstSeen[s]) / 1000;
    const rAge = rNew ? 0 : Math.max(0, t - g.firstSeen[r]) / 1000;
    const sDormant = sNew ? 0 : Math.max(0, t - g.lastSeen[s]) / 1000;
    const rDormant = rNew ? 0 : Math.max(0, t - g.lastSeen[r]) / 1000;
    g.touch(s, t);
    if (r !== s) g.touch(r, t);

    // Windows: expire first (see WindowAggregates), then link and add the new edge.
    this.outW.expire(s, t);
    this.inW.expire(s, t);
    this.outW.expire(r, t);
    this.inW.expire(r, t);
    // The window maxima (flow statistics) and the distance to listed accounts are not search
    // features: a search worker keeps neither.
    const full = !this.searchesOnly;
    if (full) {
      this.maxima.expire(s, t);
      this.maxima.expire(r, t);
    }
    const pairBefore = g.pairId(s, r);
    const prevPair = pairBefore === -1 ? -1 : g.pairLast[pairBefore];
    const prevTime = pairBefore === -1 ? NaN : g.pairTime[pairBefore];
    const flags = (near ? EDGE_NEAR_THRESHOLD : 0) | (cash ? EDGE_CASH : 0) | (crossBorder ? EDGE_CROSS_BORDER : 0) | (prevPair === -1 && s !== r ? EDGE_NEW_PAIR : 0);
    const e = g.addEdge(s, r, t, amount, flags);
    this.outW.add(s, e, prevPair);
    this.inW.add(r, e, prevPair);
    if (full) {
      this.maxima.add(s, r, e);
      this.distance.onTransfer(s, r, t);
    }
    this.superNodes.update(s, this.outW, this.inW);
    if (r !== s) this.superNodes.update(r, this.outW, this.inW);
    const ctx = this.ctx;
    ctx.tx = tx;
    ctx.s = s;
    ctx.r = r;
    ctx.e = e;
    ctx.t = t;
    ctx.amount = amount;
    ctx.prevPair = prevPair;
    ctx.prevTime = prevTime;
    ctx.pair = g.lastPair;
    ctx.payerAgeS = sAge;
    ctx.payeeNew = rNew && r !== s;
    if (this.searchesOnly) {
      out[this.layout.pattern + 6] = this.search.write(ctx, out);
      return;
    }

    // Day totals in the PBOC categories.
    this.days.record(s, r, t, amount, cash, tx.channel === 'cash_in', crossBorder);

    writeAccountSide(this.sideState, out, this.layout.side[0], s, sAge, sNew, sDormant);
    writeAccountSide(this.sideState, out, this.layout.side[1], r, rAge, rNew, rDormant);

    const ids = this.identifiers;
    const device = tx.device ? ids.linkId('device', tx.device, s) : -1;
    const phone = tx.phone ? ids.linkId('phone', tx.phone, s) : -1;
    this.last.from = s;
    this.last.to = r;
    this.last.device = device;
    this.last.phone = phone;
    const ip = tx.ip ? ids.linkId('ip', tx.ip, s) : -1;
    if (Number.isNaN(this.firstEvent) || t < this.firstEvent) this.firstEvent = t;
    const devices = device === -1 ? 0 : ids.accountCount(device);
    const phones = phone === -1 ? 0 : ids.accountCount(phone);
    const ips = ip === -1 ? 0 : ids.accountCount(ip);
    facts.write(out, this.layout.tx, tx, devices, phones, ips, (t - this.firstEvent) / 1000);

    // Graph patterns, each search bounded; `truncated` counts the searches a cap cut short.
    const dist = this.distance;
    let truncated = 0;
    for (let side = 0; side < 2; side++) {
      const a = side === 0 ? s : r;
      const ps = this.layout.patternSide[side];
      writeFlowStats(out, ps, a, this.kPattern, this.outW, this.inW, this.maxima);
      out[ps + NF] = passThrough(a, this.kPass, this.outW, this.inW);
      const hops = dist.hops(a, e, t);
      if (dist.cut) truncated++;
      out[ps + NF + 1] = hops;
      out[ps + NF + 2] = dist.near(hops);
    }
    const p = this.layout.pattern;
    const search = this.search;
    truncated += this.precomputed ? this.precomputed.take(tx, out, search.slots) : search.write(ctx, out);
    out[p + 5] = this.shared.listedFor(device, tx.device, phone, tx.phone, ip, tx.ip);
    if (this.shared.cut) truncated++;
    const families = this.families;
    for (let i = 0; i < families.length; i++) if (!search.isSearchFamily(i)) truncated += families[i].write(ctx, out, search.familyOffset(i));
    out[p + 6] = truncated;
    this.rings.write(out, this.layout.ring, s, r);
    const so = this.layout.screen;
    if (this.counterparties !== undefined && (tx.from_name !== undefined || tx.to_name !== undefined)) this.counterparties.write(tx, out, so);
    else {
      out[so] = 0;
      out[so + 1] = 0;
    }
  }

  /**
   * Drops the transfer edges no feature can read any more and renumbers the holders of edge
   * indices. Every reader walks an account's out- or in-list from one of its window pointers
   * (the longest window's reaches furthest back, and the aggregate windows include every
   * feature, pattern-search and layering horizon of the config), or reads a pair's latest edge
   * (kept as a per-pair summary). So an edge behind every window pointer of its payer's out-list
   * and of its payee's in-list is never read again, and dropping it changes no feature. An
   * account that stops transacting keeps its pointers (and so its edges) until its next
   * transaction moves them: windows expire lazily, and searches count the edges they pass.
   * Runs by itself from `apply` when the graph has doubled since the last compaction, so its
   * O(edges + accounts + pairs) cost is amortised over the edges added.
   */
  compact(): void {
    const g = this.graph;
    const n = g.accountCount;
    const outFrom = new Int32Array(n).fill(g.edgeCount);
    const inFrom = new Int32Array(n).fill(g.edgeCount);
    this.outW.lowestLive(outFrom, n);
    this.inW.lowestLive(inFrom, n);
    const map = g.compact(outFrom, inFrom, this.retainMs);
    this.outW.renumber(map);
    this.inW.renumber(map);
    this.maxima.renumber(map, g.edgeCount);
    this.sg.forget();
    this.schedule.done(g.edgeCount, n);
  }

  /**
   * The cycle of first-time links the last applied transfer closed: its accounts, payee first and
   * payer last (see `cycle_new_len`), and the transactions of its hops before this transfer, in
   * the same order; undefined when it closed none, or when such loops are not
   * rare here (`cycle_new_rate` above `newLinkCycleRareRate`): then a loop is no evidence that
   * its accounts act together.
   */
  lastCycle(): { accounts: string[]; transactions: string[] } | undefined {
    const loops = this.loops;
    if (!loops || loops.motifLength === 0 || loops.rate > this.config.newLinkCycleRareRate) return undefined;
    const accounts: string[] = [];
    for (let i = 0; i < loops.motifLength; i++) accounts.push(this.accounts.name(loops.motif[i]));
    return { accounts, transactions: [...loops.motifTransactions] };
  }

  /** Updates the caches that depend on which accounts are listed (before the next transaction). */
  private listingsChanged(): void {
    for (const name of this.listed.takeAccountChanges()) {
      const a = this.accounts.lookup(name);
      // An account known by name but without a transfer yet (see `accounts`) has nothing to update.
      if (a !== -1 && a < this.graph.accountCount) this.distance.onListingChange(a);
    }
  }

  /** The account's live state as last updated (see `readAccountState`); undefined for an unknown account. */
  accountState(name: string): AccountState | undefined {
    const a = this.accounts.lookup(name);
    if (a === -1 || !(a < this.graph.accountCount) || Number.isNaN(this.graph.firstSeen[a])) return undefined;
    return readAccountState({ graph: this.graph, outW: this.outW, inW: this.inW, days: this.days, windowsMs: this.config.windowsMs, names: this.names }, a, name);
  }

  /**
   * Bytes held by the live state, and bytes used per edge: the transfer graph with its pair
   * index plus the per-edge state of the pattern features (the window-maximum stacks) and of the
   * feature families (pair history).
   */
  memory(): { graphBytes: number; windowBytes: number; bytesPerEdge: number; edges: number; droppedEdges: number; pairs: number; accounts: number } {
    const m = this.graph.memory();
    const families = this.families.reduce((n, f) => n + (f.bytesPerEdge ?? 0), 0);
    const perPair = this.families.reduce((n, f) => n + (f.bytesPerPair ?? 0), 0);
    const g = this.graph;
    const perEdge = g.edgeCount ? this.maxima.bytesPerEdge + families + (perPair * g.pairCount) / g.edgeCount : 0;
    return {
      graphBytes: m.allocatedBytes + this.identifiers.bytes,
      windowBytes: this.outW.bytes + this.inW.bytes + this.maxima.bytes,
      bytesPerEdge: m.usedBytesPerEdge + perEdge,
      edges: g.edgeCount,
      droppedEdges: g.droppedEdges,
      pairs: g.pairCount,
      accounts: this.accounts.size,
    };
  }
}
