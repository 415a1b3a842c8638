import { csrFromUniquePairs, sortPairOrder, type Csr } from './csr.js';
import { mergePairs, type PairTable } from './pair-table.js';

export type { PairTable } from './pair-table.js';

/** Transfers as columns: `src[i] → dst[i]` at `time[i]` for `amount[i]`, i < count (default: src.length). */
export interface TransferColumns {
  src: Int32Array;
  dst: Int32Array;
  time: Float64Array;
  amount: Float64Array;
  count?: number;
}

/** An account using an identifier (device, phone, IP, email, …). */
export interface IdentifierLink {
  account: number;
  kind: string;
  value: string;
}

export interface EntityGraphOptions {
  /** Only transfers with from ≤ time < to are aggregated (default: all). */
  window?: { from?: number; to?: number };
  /** a in w = a·count + b·log1p(amount) for a pair's transfers (default 1). */
  countWeight?: number;
  /** b in w = a·count + b·log1p(amount), amount summed over the pair both ways (default 0.25). */
  amountWeight?: number;
  /** Weight each shared identifier adds to a pair, by kind (default device 3, phone 3, ip 1). */
  identifierWeights?: Readonly<Record<string, number>>;
  /** Weight for kinds missing from `identifierWeights` (default 1). */
  defaultIdentifierWeight?: number;
  /**
   * An identifier used by more accounts than this is a super-identifier (a shared office
   * IP, a carrier-grade NAT, a test phone): it links nobody and is counted (default 25).
   */
  maxAccountsPerIdentifier?: number;
}

export const DEFAULT_IDENTIFIER_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({ device: 3, phone: 3, ip: 1 });

/** Identifiers and the distinct accounts using each (ascending). */
export interface IdentifierTable {
  readonly count: number;
  readonly kinds: readonly string[];
  /** Per identifier: index into `kinds`. */
  readonly kind: Uint8Array;
  readonly values: readonly string[];
  /** Identifier i's accounts are `accounts[offsets[i] .. offsets[i+1])`. */
  readonly offsets: Int32Array;
  readonly accounts: Int32Array;
  /** 1 for super-identifiers (more accounts than the cap; they link nobody). */
  readonly isSuper: Uint8Array;
}

export interface EntityGraphStats {
  transfersAdded: number;
  transfersInWindow: number;
  /** Transfers from an account to itself (kept in `transfers`, not in the graph). */
  selfTransfers: number;
  identifierLinks: number;
  identifiers: number;
  superIdentifiers: number;
  /** Account links the super-identifiers would have made, skipped. */
  superIdentifierLinks: number;
  /** Account pairs generated from shared identifiers (before merging with transfers). */
  identifierPairs: number;
  pairs: number;
}

/**
 * The entity graph: accounts as nodes (identifiers are not nodes: accounts sharing an
 * identifier are linked directly, a clique per identifier, capped by
 * `maxAccountsPerIdentifier` so one identifier adds at most cap·(cap−1)/2 pairs and
 * communities stay made of accounts only), undirected, weighted.
 */
export interface EntityGraph {
  readonly accountCount: number;
  readonly names: readonly string[];
  readonly csr: Csr;
  readonly pairs: PairTable;
  /** The transfers in the window, compacted (ring scoring and growth read them). */
  readonly transfers: Required<TransferColumns>;
  /** Per compacted transfer: its position among all transfers added to the builder. */
  readonly transferIndex: Int32Array;
  readonly identifiers: IdentifierTable;
  readonly stats: EntityGraphStats;
}

/**
 * Accumulates transfers and identifier links over dense account ids, then `build()`s the
 * entity graph. Accounts are named by `addAccount` (or the names given to the constructor);
 * ids are dense, in order of first appearance.
 */
export class EntityGraphBuilder {
  private readonly options: Required<Omit<EntityGraphOptions, 'window'>> & { from: number; to: number };
  private readonly nameIds = new Map<string, number>();
  private readonly accountNames: string[] = [];
  private tSrc: Int32Array = new Int32Array(1024);
  private tDst: Int32Array = new Int32Array(1024);
  private tTime: Float64Array = new Float64Array(1024);
  private tAmount: Float64Array = new Float64Array(1024);
  private transferCount = 0;
  private readonly identIds = new Map<string, number>();
  private readonly identKind: number[] = [];
  private readonly identValue: string[] = [];
  private readonly kindIds = new Map<string, number>();
  private lIdent: Int32Array = new Int32Array(1024);
  private lAccount: Int32Array = new Int32Array(1024);
  private linkCount = 0;

  constructor(names: Iterable<string> = [], options: EntityGraphOptions = {}) {
    this.options = {
      from: options.window?.from ?? -Infinity,
      to: options.window?.to ?? Infinity,
      countWeight: options.countWeight ?? 1,
      amountWeight: options.amountWeight ?? 0.25,
      identifierWeights: options.identifierWeights ?? DEFAULT_IDENTIFIER_WEIGHTS,
      defaultIdentifierWeight: options.defaultIdentifierWeight ?? 1,
      maxAccountsPerIdentifier: options.maxAccountsPerIdentifier ?? 25,
    };
    for (const name of names) this.addAccount(name);
  }

  get accountCount(): number {
    return this.accountNames.length;
  }

  /** The dense id of the account `name`, adding it when new. */
  addAccount(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.accountNames.length;
      this.nameIds.set(name, id);
      this.accountNames.push(name);
    }
    return id;
  }

  /** The dense id of `name`, or −1. */
  accountId(name: string): number {
    return this.nameIds.get(name) ?? -1;
  }

  addTransfer(src: number, dst: number, time: number, amount: number): void {
    this.checkAccount(src);
    this.checkAccount(dst);
    const i = this.transferCount;
    if (i === this.tSrc.length) {
      this.tSrc = grow32(this.tSrc);
      this.tDst = grow32(this.tDst);
      this.tTime = grow64(this.tTime);
      this.tAmount = grow64(this.tAmount);
    }
    this.tSrc[i] = src;
    this.tDst[i] = dst;
    this.tTime[i] = time;
    this.tAmount[i] = amount;
    this.transferCount = i + 1;
  }

  addTransfers(batch: TransferColumns): void {
    const count = batch.count ?? batch.src.length;
    for (let i = 0; i < count; i++) this.addTransfer(batch.src[i], batch.dst[i], batch.time[i], batch.amount[i]);
  }

  addIdentifierLink(account: number, kind: string, value: string): void {
    this.checkAccount(account);
    const key = kind + '\u0000' + value;
    let ident = this.identIds.get(key);
    if (ident === undefined) {
      let k = this.kindIds.get(kind);
      if (k === undefined) {
        k = this.kindIds.size;
        if (k > 255) throw new RangeError('more than 256 identifier kinds');
        this.kindIds.set(kind, k);
      }
      ident = this.identValue.length;
      this.identIds.set(key, ident);
      this.identKind.push(k);
      this.identValue.push(value);
    }
    const l = this.linkCount;
    if (l === this.lIdent.length) {
      this.lIdent = grow32(this.lIdent);
      this.lAccount = grow32(this.lAccount);
    }
    this.lIdent[l] = ident;
    this.lAccount[l] = account;
    this.linkCount = l + 1;
  }

  addIdentifierLinks(links: Iterable<IdentifierLink>): void {
    for (const link of links) this.addIdentifierLink(link.account, link.kind, link.value);
  }

  build(): EntityGraph {
    const o = this.options;
    const n = this.accountNames.length;
    // 1. Transfers in the window, compacted.
    let kept = 0;
    for (let i = 0; i < this.transferCount; i++) if (this.tTime[i] >= o.from && this.tTime[i] < o.to) kept++;
    const transfers = {
      src: new Int32Array(kept),
      dst: new Int32Array(kept),
      time: new Float64Array(kept),
      amount: new Float64Array(kept),
      count: kept,
    };
    const transferIndex = new Int32Array(kept);
    let selfTransfers = 0;
    for (let i = 0, k = 0; i < this.transferCount; i++) {
      const t = this.tTime[i];
      if (!(t >= o.from && t < o.to)) continue;
      transferIndex[k] = i;
      transfers.src[k] = this.tSrc[i];
      transfers.dst[k] = this.tDst[i];
      transfers.time[k] = t;
      transfers.amount[k++] = this.tAmount[i];
      if (this.tSrc[i] === this.tDst[i]) selfTransfers++;
    }
    const identifiers = this.identifierTable();
    const kindWeight = identifiers.kinds.map((k) => o.identifierWeights[k] ?? o.defaultIdentifierWeight);
    // 2. Raw pairs: transfers first, then one pair per two accounts sharing an identifier.
    let identifierPairs = 0;
    let superIdentifiers = 0;
    let superIdentifierLinks = 0;
    for (let i = 0; i < identifiers.count; i++) {
      const a = identifiers.offsets[i + 1] - identifiers.offsets[i];
      if (identifiers.isSuper[i]) {
        superIdentifiers++;
        superIdentifierLinks += (a * (a - 1)) / 2;
      } else identifierPairs += (a * (a - 1)) / 2;
    }
    const raw = kept - selfTransfers + identifierPairs;
    const lo = new Int32Array(raw);
    const hi = new Int32Array(raw);
    const rawWeight = new Float64Array(raw);
    let r = 0;
    for (let i = 0; i < kept; i++) {
      const s = transfers.src[i];
      const d = transfers.dst[i];
      if (s === d) continue;
      lo[r] = s < d ? s : d;
      hi[r] = s < d ? d : s;
      rawWeight[r++] = transfers.amount[i];
    }
    const firstIdentPair = r;
    for (let i = 0; i < identifiers.count; i++) {
      if (identifiers.isSuper[i]) continue;
      const w = kindWeight[identifiers.kind[i]];
      for (let p = identifiers.offsets[i]; p < identifiers.offsets[i + 1]; p++) {
        for (let q = p + 1; q < identifiers.offsets[i + 1]; q++) {
          lo[r] = identifiers.accounts[p];
          hi[r] = identifiers.accounts[q];
          rawWeight[r++] = w;
        }
      }
    }
    const pairs = mergePairs(n, lo, hi, rawWeight, raw, firstIdentPair, o.countWeight, o.amountWeight);
    const csr = csrFromUniquePairs(n, pairs.lo, pairs.hi, pairs.weight, pairs.count);
    return {
      accountCount: n,
      names: this.accountNames.slice(),
      csr,
      pairs,
      transfers,
      transferIndex,
      identifiers,
      stats: {
        transfersAdded: this.transferCount,
        transfersInWindow: kept,
        selfTransfers,
        identifierLinks: this.linkCount,
        identifiers: identifiers.count,
        superIdentifiers,
        superIdentifierLinks,
        identifierPairs,
        pairs: pairs.count,
      },
    };
  }

  /** Distinct (identifier, account) links grouped by identifier. */
  private identifierTable(): IdentifierTable {
    const count = this.identValue.length;
    const order = sortPairOrder(Math.max(count, this.accountNames.length), this.lIdent, this.lAccount, this.linkCount);
    const offsets = new Int32Array(count + 1);
    const accounts = new Int32Array(this.linkCount);
    let k = 0;
    let prevI = -1;
    let prevA = -1;
    for (let p = 0; p < order.length; p++) {
      const l = order[p];
      const i = this.lIdent[l];
      const a = this.lAccount[l];
      if (i === prevI && a === prevA) continue;
      prevI = i;
      prevA = a;
      accounts[k++] = a;
      offsets[i + 1]++;
    }
    for (let i = 0; i < count; i++) offsets[i + 1] += offsets[i];
    const cap = this.options.maxAccountsPerIdentifier;
    const isSuper = new Uint8Array(count);
    for (let i = 0; i < count; i++) if (offsets[i + 1] - offsets[i] > cap) isSuper[i] = 1;
    return {
      count,
      kinds: [...this.kindIds.keys()],
      kind: Uint8Array.from(this.identKind),
      values: this.identValue.slice(),
      offsets,
      accounts: accounts.slice(0, k),
      isSuper,
    };
  }

  private checkAccount(id: number): void {
    if (!(id >= 0 && id < this.accountNames.length && Number.isInteger(id))) {
      throw new RangeError(`account id ${id} is not in 0..${this.accountNames.length - 1}`);
    }
  }
}

function grow32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function grow64(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
