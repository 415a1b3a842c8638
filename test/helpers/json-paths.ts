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
