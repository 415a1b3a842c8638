/**
 * Bounds how many large requests are read and processed at once: `maxActive` run, up to
 * `maxWaiting` wait their turn (their bodies stay unread in the socket, costing no memory), and
 * any beyond that are refused at once so the caller can retry. Admission happens before the body
 * is read, so eight concurrent 16 MB batches hold at most `maxActive` bodies in memory.
 */
export class BatchGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly maxActive: number, readonly maxWaiting: number) {}

  /** Resolves with a release function once admitted, or with undefined when the queue is full. */
  acquire(): Promise<(() => void) | undefined> {
    if (this.active < this.maxActive) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line; otherwise it is freed.
      if (next) next();
      else this.active--;
    };
  }
}
