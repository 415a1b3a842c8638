/** Types of the seeded demo bank: options, accounts, labels and the generated result. */
import type { PartyType, Transaction } from '../domain/transaction.js';

/** The planted (suspicious) patterns, by the names their labels carry. */
export const PATTERNS = [
  'fan_out', 'fan_in', 'scatter_gather', 'gather_scatter', 'cycle', 'random_walk', 'bipartite', 'stack',
  'structuring', 'dormant_burst', 'mule_chain', 'fraud_ring',
] as const;
export type PatternName = (typeof PATTERNS)[number];

/** What a suspicious transaction is part of; legitimate transactions carry no label. */
export interface PatternLabel {
  pattern: PatternName;
  /** e.g. `fan_out-0007`. */
  instance: string;
}

/**
 * person: a customer (natural person); employer, merchant, utility: legal persons;
 * cash: a branch's pseudo-account for cash in and out; foreign: a counterparty abroad.
 */
export type AccountKind = 'person' | 'employer' | 'merchant' | 'utility' | 'cash' | 'foreign';

export interface DemoAccount {
  id: string;
  type: PartyType;
  kind: AccountKind;
  /** City code (BJ, SH, …) of the account's branch; for foreign accounts the country code. */
  city: string;
  country: string;
  /** When the account was opened (epoch ms; may fall inside the period). */
  openedAt: number;
  /** For accounts that had been dormant: their last activity before the period (epoch ms). */
  lastActiveAt?: number;
  devices: string[];
  phones: string[];
  ips: string[];
}

export interface Listed {
  accounts: string[];
  devices: string[];
  phones: string[];
}

/** One planted instance, for evaluation and for tests. */
export interface PlantedInstance {
  instance: string;
  pattern: PatternName;
  /** Accounts it touches, in first-touched order. */
  accounts: string[];
  /**
   * The group an investigator would open as one ring: the bank's own customer accounts it
   * touches (branch cash accounts and counterparties abroad left out), in first-touched order.
   */
  members: string[];
  start: number;
  end: number;
  transactions: number;
}

export interface BankOptions {
  seed: number;
  /** Customer accounts (natural and legal persons), default 5000. */
  accounts?: number;
  /** Length of the period in days, default 60. */
  days?: number;
  /** Start of the period, epoch ms, default 2026-01-01T00:00:00+08:00. */
  start?: number;
  /** Roughly how many transactions to generate, default 200,000. */
  targetTransactions?: number;
}

export interface Bank {
  /** Sorted by time; ids `T000000001`, … in that order. */
  transactions: Transaction[];
  /** Labels of suspicious transactions by id; legitimate ones are absent. */
  labels: Map<string, PatternLabel>;
  /** Every account the transactions touch: customers, branch cash accounts, foreign counterparties. */
  accounts: DemoAccount[];
  /** A small blacklist: known mule accounts, fraud devices and phones (and a few stale entries). */
  listed: Listed;
  instances: PlantedInstance[];
}

/** A transaction before it gets its id, currency and party types. */
export interface Draft {
  time: number;
  from: string;
  to: string;
  amount: number;
  channel: string;
  device?: string;
  ip?: string;
  phone?: string;
  country?: string;
}
