import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease, TransactionStore } from '../store/port.js';
import { sleep } from './nats.js';

/** A partition's lease lasts this long unless renewed (a worker renews it every third of it). */
export const CLAIM_TTL_MS = 15_000;

/** Another worker holds the partition: the second one stops with this, before it reads anything. */
export class PartitionClaimedError extends Error {
  constructor(readonly what: string, readonly lease: Lease) {
    super(
      `${what} is claimed by another worker (${describeHolder(lease.holder)}, lease until ${new Date(lease.expiresAt).toISOString()}): ` +
        'one worker per partition — stop the other one, or start this one with another --partition',
    );
    this.name = 'PartitionClaimedError';
  }
}

function describeHolder(holder: string): string {
  const [host, pid] = holder.split('/');
  return `process ${pid} on ${host}`;
}

/** Whether a holder named `host/pid/…` is a process of this machine that no longer runs. */
function deadHere(holder: string): boolean {
  const [host, pid] = holder.split('/');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function aliveHere(holder: string): boolean {
  const [host] = holder.split('/');
  return host === hostname() && !deadHere(holder);
}

/**
 * A worker's explicit claim on its partition: a lease row in the shared store (`claimLease`,
 * atomic across processes), renewed every third of its life while the worker runs and given up
 * when it stops. A second worker for the same partition is refused with PartitionClaimedError.
 * A holder killed with SIGKILL leaves its lease behind: on the same machine a process that no
 * longer runs is replaced at once; from another machine the lease is taken once it has expired.
 */
export class PartitionClaim {
  private timer?: NodeJS.Timeout;
  /** Set when a renewal found another holder (or failed past the lease's life): the worker must stop. */
  lost?: Error;

  private constructor(
    private readonly store: TransactionStore,
    readonly name: string,
    readonly holder: string,
    private readonly what: string,
    private readonly ttlMs: number,
    private expiresAt: number,
  ) {}

  static async take(store: TransactionStore, name: string, what: string, ttlMs = CLAIM_TTL_MS): Promise<PartitionClaim> {
    const holder = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
    let lease = await store.claimLease(name, holder, ttlMs);
    if (lease.holder !== holder && deadHere(lease.holder)) lease = await store.claimLease(name, holder, ttlMs, lease.holder);
    if (lease.holder !== holder && !aliveHere(lease.holder)) {
      // Held from another machine: it may be gone (no renewals); wait out its lease once.
      await sleep(Math.max(0, lease.expiresAt - Date.now()) + 250);
      lease = await store.claimLease(name, holder, ttlMs);
    }
    if (lease.holder !== holder) throw new PartitionClaimedError(what, lease);
    const claim = new PartitionClaim(store, name, holder, what, ttlMs, lease.expiresAt);
    claim.timer = setInterval(() => void claim.renew(), Math.max(50, Math.floor(ttlMs / 3)));
    claim.timer.unref();
    return claim;
  }

  private async renew(): Promise<void> {
    try {
      const lease = await this.store.claimLease(this.name, this.holder, this.ttlMs);
      if (lease.holder !== this.holder) this.lost ??= new PartitionClaimedError(this.what, lease);
      else this.expiresAt = lease.expiresAt;
    } catch (err) {
      // The store away for a moment is not a lost claim; past the lease's life it is.
      if (Date.now() > this.expiresAt) this.lost ??= new Error(`${this.what}: the claim could not be renewed before it expired: ${String(err)}`);
    }
  }

  /** Stops renewing and gives the lease up (another worker may claim the partition at once). */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.store.releaseLease(this.name, this.holder);
  }
}
