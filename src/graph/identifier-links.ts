import { growInt32 } from './growable.js';
import { Interner } from './interner.js';
import { PairIndex } from './pair-index.js';

/** Kinds of identifier nodes linked to accounts. */
export type IdentifierKind = 'device' | 'phone' | 'ip';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['device', 'phone', 'ip'];

/**
 * Identifier nodes (device, phone, IP) and their "uses" links to accounts. Keeps, per
 * identifier, the number of distinct accounts seen with it and the list of those accounts
 * (a linked list through `linkNext`, newest first), so a search can visit the accounts that
 * share an identifier.
 */
export class IdentifierLinks {
  readonly interner = new Interner();
  private readonly links = new PairIndex(1024);
  private accounts = new Int32Array(0);
  /** Per identifier: its newest link, or -1. */
  head = new Int32Array(0);
  /** Per link: the account, and the identifier's next (older) link or -1. */
  linkAccount = new Int32Array(0);
  linkNext = new Int32Array(0);

  static key(kind: IdentifierKind, value: string): string {
    return kind + '\u0000' + value;
  }

  /** Links `account` to the identifier and returns the identifier's dense id. */
  linkId(kind: IdentifierKind, value: string, account: number): number {
    const ident = this.interner.intern(IdentifierLinks.key(kind, value));
    if (ident >= this.accounts.length) {
      this.accounts = growInt32(this.accounts, ident + 1);
      this.head = growInt32(this.head, ident + 1, -1);
    }
    if (this.links.get(ident, account) === -1) {
      const l = this.links.size;
      this.links.set(ident, account, l);
      this.linkAccount = growInt32(this.linkAccount, l + 1);
      this.linkNext = growInt32(this.linkNext, l + 1);
      this.linkAccount[l] = account;
      this.linkNext[l] = this.head[ident];
      this.head[ident] = l;
      this.accounts[ident]++;
    }
    return ident;
  }

  /** Links `account` to the identifier and returns how many distinct accounts now use it. */
  link(kind: IdentifierKind, value: string, account: number): number {
    return this.accounts[this.linkId(kind, value, account)];
  }

  /** Distinct accounts seen with the identifier of dense id `ident`. */
  accountCount(ident: number): number {
    return this.accounts[ident];
  }

  /** Distinct accounts seen with the identifier (0 when unknown). */
  accountsUsing(kind: IdentifierKind, value: string): number {
    const ident = this.interner.lookup(IdentifierLinks.key(kind, value));
    return ident === -1 ? 0 : this.accounts[ident];
  }

  get linkCount(): number {
    return this.links.size;
  }

  get bytes(): number {
    return this.links.bytes + this.accounts.byteLength + this.head.byteLength + this.linkAccount.byteLength + this.linkNext.byteLength;
  }
}
