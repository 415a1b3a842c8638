import { growInt32 } from './growable.js';
import { Interner } from './interner.js';
import { PairIndex } from './pair-index.js';

/** Kinds of identifier nodes linked to accounts. */
export type IdentifierKind = 'device' | 'phone' | 'ip';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['device', 'phone', 'ip'];

/**
 * Identifier nodes (device, phone, IP) and their "uses" links to accounts. Keeps, per
 * identifier, the number of distinct accounts seen with it, and per link the first use.
 */
export class IdentifierLinks {
  readonly interner = new Interner();
  private readonly links = new PairIndex(1024);
  private accounts = new Int32Array(0);

  private key(kind: IdentifierKind, value: string): string {
    return kind + '\u0000' + value;
  }

  /** Links `account` to the identifier and returns how many distinct accounts now use it. */
  link(kind: IdentifierKind, value: string, account: number): number {
    const ident = this.interner.intern(this.key(kind, value));
    this.accounts = growInt32(this.accounts, ident + 1);
    if (this.links.get(ident, account) === -1) {
      this.links.set(ident, account, 1);
      this.accounts[ident]++;
    }
    return this.accounts[ident];
  }

  /** Distinct accounts seen with the identifier (0 when unknown). */
  accountsUsing(kind: IdentifierKind, value: string): number {
    const ident = this.interner.lookup(this.key(kind, value));
    return ident === -1 ? 0 : this.accounts[ident];
  }

  get linkCount(): number {
    return this.links.size;
  }
}
