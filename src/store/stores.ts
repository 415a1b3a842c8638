import type { CaseStore } from '../cases/store-port.js';
import type { PaymentMessageStore } from '../engine/iso20022/store-port.js';
import type { SecurityStore } from '../security/store-port.js';
import type { PartyStore, TransactionStore } from './port.js';

export type Durability = 'full' | 'normal';

/**
 * Every store the product uses, over one storage location (a SQLite file or a PostgreSQL
 * database). Each is opened on first use and closed by `close`.
 */
export interface Stores {
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  /** Where the store is, for messages: the file path, or the URL without its password. */
  readonly where: string;
  /** The folder for files kept beside the store: audit signing key, signed audit head, name lists. */
  readonly dir: string;
  /** True when the store did not exist before this open (it is created on first use). */
  readonly created: boolean;
  /** Transactions with their decisions, alerts, list changes and settings. */
  readonly transactions: TransactionStore;
  readonly cases: CaseStore;
  /** Users, sessions and the audit log. */
  readonly security: SecurityStore;
  readonly parties: PartyStore;
  /** ISO 20022 message facts. */
  readonly payments: PaymentMessageStore;
  /**
   * Stores for background writers (the case filer) whose commits need not each wait for the disk:
   * a later durable commit to the same store makes them durable (one write-ahead log).
   */
  background(): { cases: CaseStore; security: SecurityStore };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** 'full' (default) makes each acknowledged commit survive power loss; 'normal' a process crash. */
  durability?: Durability;
  /**
   * Refuse a store that does not exist yet (a missing SQLite file, a database without Ringwatch's
   * tables) instead of creating it: for commands that only read.
   */
  mustExist?: boolean;
  /** Delete everything the store holds first (the demo's --reset). Files beside the store are left alone. */
  reset?: boolean;
}

/** The store named does not exist and the command only reads: nothing was created. */
export class StoreMissingError extends Error {
  constructor(where: string, detail: string) {
    super(`no Ringwatch store at ${where} (${detail}); check --store/--db, or create it first (e.g. npm start, ringwatch serve or ringwatch score … --store URL)`);
    this.name = 'StoreMissingError';
  }
}

/** Runs `open` once, on first use. */
export function lazy<T>(open: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = open();
      done = true;
    }
    return value as T;
  };
}
