import { growFloat64, growInt32 } from '../graph/growable.js';
import type { Interner } from '../graph/interner.js';

/** Ring features per transaction, last in the vector. */
export const RING_METRICS = ['from_ring_risk', 'to_ring_risk', 'same_ring', 'from_ring_size', 'to_ring_size'] as const;

/**
 * The ring (community) of each account and its risk, as the last batch ring analysis found
 * them. The engine replaces the whole assignment at refresh points in event time, so a
 * replay of the same transactions refreshes at the same points and yields the same features.
 */
export class RingMembership {
  private ring = new Int32Array(0);
  private risk = new Float64Array(0);
  private size = new Int32Array(0);
  private ids: string[] = [];
  refreshes = 0;

  constructor(private readonly accounts: Interner) {}

  ensureAccounts(n: number): void {
    if (n <= this.ring.length) return;
    this.ring = growInt32(this.ring, n, -1);
    this.risk = growFloat64(this.risk, n);
    this.size = growInt32(this.size, n);
  }

  /** Replaces the assignment: each ring's members (by name) with its risk; other accounts none. */
  assign(rings: ReadonlyArray<{ ring?: string; members: readonly string[]; risk: number }>): void {
    this.ids = rings.map((r, k) => r.ring ?? `ring-${k}`);
    this.ring.fill(-1);
    this.risk.fill(0);
    this.size.fill(0);
    rings.forEach((r, k) => {
      for (const name of r.members) {
        const a = this.accounts.lookup(name);
        if (a < 0 || a >= this.ring.length) continue;
        this.ring[a] = k;
        this.risk[a] = r.risk;
        this.size[a] = r.members.length;
      }
    });
    this.refreshes++;
  }

  /** The ring id of an account as of the last refresh, or null. */
  ringOf(name: string): string | null {
    const a = this.accounts.lookup(name);
    return a >= 0 && a < this.ring.length && this.ring[a] >= 0 ? this.ids[this.ring[a]] : null;
  }

  /** The risk of an account's ring as of the last refresh (0 when in none). */
  riskOf(name: string): number {
    const a = this.accounts.lookup(name);
    return a >= 0 && a < this.ring.length && this.ring[a] >= 0 ? this.risk[a] : 0;
  }

  write(out: Float64Array, offset: number, s: number, r: number): void {
    out[offset] = this.risk[s];
    out[offset + 1] = this.risk[r];
    out[offset + 2] = this.ring[s] >= 0 && this.ring[s] === this.ring[r] ? 1 : 0;
    out[offset + 3] = this.size[s];
    out[offset + 4] = this.size[r];
  }
}
