/**
 * Group commit for rows of a side table: everything appended while a commit runs goes into the
 * next one; each append resolves once its row is durable.
 */
export class Batcher<T> {
  private rows: T[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(private readonly commit: (rows: readonly T[]) => Promise<void>, private readonly maxBatch = 5000) {}

  append(row: T): Promise<void> {
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.rows.push(row);
    if (this.rows.length >= this.maxBatch) void this.flush();
    else this.schedule();
    return p;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    const waiters = this.waiters;
    this.rows = [];
    this.waiters = [];
    this.flushing = this.commit(rows).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.rows.length > 0) this.schedule();
  }
}
