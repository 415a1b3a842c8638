/** Maps external string ids to dense integers 0..n-1, once; the reverse lookup is an array. */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The dense id of `name`, creating it when new. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The dense id of `name`, or -1 when never seen. */
  lookup(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  /** Every name so far, by dense id (a copy). */
  list(): string[] {
    return this.names.slice();
  }

  name(id: number): string {
    const n = this.names[id];
    if (n === undefined) throw new RangeError(`unknown dense id ${id}`);
    return n;
  }
}
