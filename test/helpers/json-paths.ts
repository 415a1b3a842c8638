/** Every path into a JSON value (object keys and array indices), parents before children: where a fuzz test mutates. */
export function jsonPaths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      jsonPaths(x, p, out);
    }
  }
  return out;
}

/** A random path into `v` (see `jsonPaths`), as the object or array that holds it and its key; undefined for a leaf. */
export function pickPath(v: unknown, rnd: () => number): { parent: Record<string, unknown>; key: string } | undefined {
  const all = jsonPaths(v);
  if (all.length === 0) return undefined;
  const p = all[Math.floor(rnd() * all.length)];
  let parent: unknown = v;
  for (const k of p.slice(0, -1)) parent = (parent as Record<string, unknown>)[k as string];
  return { parent: parent as Record<string, unknown>, key: p.at(-1) as string };
}
