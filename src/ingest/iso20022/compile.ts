/**
 * A schema compiled once into a generated function: one function per object of the schema, each
 * reading its known members in schema order with the JSON paths written in as constants (only an
 * array's index is put together at run time, and only where an error or an amount or date needs
 * it). The leaf checks are the interpreter's (checks.ts), so the errors, their order, the
 * normalised value, the amounts and the dates are exactly what `validate` in schema.ts gives —
 * test/ingest/iso20022-compiled.test.ts holds the two to each other on mutated messages.
 *
 * The generated source is made from the schema alone (member names and paths as JSON string
 * literals, limits as numbers); nothing from a message ever reaches it.
 */
import { Collector, kind, type Checked } from './checks.js';
import { MAX_DEPTH, type Node } from './schema.js';

export type CompiledValidator = (v: unknown, now?: number) => Checked;

/** A JSON path while generating: a constant, or (below an array) a JS expression. */
interface PathExpr {
  /** The path's text when constant. */
  text?: string;
  /** JS source that evaluates to the path. */
  code: string;
}

const constant = (text: string): PathExpr => ({ text, code: JSON.stringify(text) });

/** `${path}.${k}` (or `k` at the root), as the interpreter writes a member's path. */
function member(p: PathExpr, k: string): PathExpr {
  if (p.text !== undefined) return constant(p.text ? `${p.text}.${k}` : k);
  return { code: `(${p.code} + ${JSON.stringify(`.${k}`)})` };
}

function item(p: PathExpr, index: string): PathExpr {
  return { code: `(${p.code} + "[" + ${index} + "]")` };
}

class Generator {
  readonly functions: string[] = [];
  /** oneOf lists, referenced from the generated code by index. */
  readonly lists: Array<readonly string[]> = [];
  private loops = 0;

  /** JS source of an expression that checks `value` (a variable name) against `node` and yields the normalised value. */
  expr(node: Node, value: string, p: PathExpr, depth: number): string {
    if (depth > MAX_DEPTH) return `c.fail(${p.code}, "is nested too deeply")`;
    switch (node.t) {
      case 'str': {
        let list = 'undefined';
        if (node.oneOf) {
          this.lists.push(node.oneOf);
          list = `L[${this.lists.length - 1}]`;
        }
        return `c.string(${JSON.stringify(node.fmt)}, ${node.max}, ${list}, ${value}, ${p.code})`;
      }
      case 'num':
        return `c.num(${value}, ${p.code})`;
      case 'int':
        return `c.int(${value}, ${p.code})`;
      case 'money':
        return `c.money(${value}, ${p.code}, ${node.zero})`;
      case 'obj':
        return `${this.object(node, p, depth)}(${value}, c${p.text === undefined ? `, ${p.code}` : ''})`;
      case 'arr':
        return `${this.array(node, p, depth)}(${value}, c${p.text === undefined ? `, ${p.code}` : ''})`;
    }
  }

  /** A function `(v, c[, p])` for an object node at `p`; returns its name. */
  private object(node: Extract<Node, { t: 'obj' }>, at: PathExpr, depth: number): string {
    const name = `o${this.functions.length}`;
    this.functions.push(''); // reserve the slot, so nested functions are numbered after this one
    const slot = this.functions.length - 1;
    const p: PathExpr = at.text === undefined ? { code: 'p' } : at;
    const body: string[] = [
      `if (v === null || typeof v !== "object" || Array.isArray(v)) return c.fail(${p.code}, "must be an object, got " + kind(v));`,
      'const out = {};',
      'let x, r;',
    ];
    for (const [k, f] of node.entries) {
      const key = JSON.stringify(k);
      const mp = member(p, k);
      body.push(`x = v[${key}];`);
      const missing = f.required ? `c.fail(${mp.code}, "is required");` : '';
      body.push(`if (x === undefined) { ${missing} } else { r = ${this.expr(f.node, 'x', mp, depth + 1)}; if (r !== undefined) out[${key}] = r; }`);
    }
    body.push('return out;');
    this.functions[slot] = `function ${name}(v, c${at.text === undefined ? ', p' : ''}) {\n  ${body.join('\n  ')}\n}`;
    return name;
  }

  /** A function `(v, c[, p])` for an array node at `p`; returns its name. */
  private array(node: Extract<Node, { t: 'arr' }>, at: PathExpr, depth: number): string {
    const name = `a${this.functions.length}`;
    this.functions.push('');
    const slot = this.functions.length - 1;
    const p: PathExpr = at.text === undefined ? { code: 'p' } : at;
    const i = `i${this.loops++}`;
    const min = node.min;
    const body = [
      `if (!Array.isArray(v)) return c.fail(${p.code}, "must be an array, got " + kind(v));`,
      min > 0 ? `if (v.length < ${min}) return c.fail(${p.code}, ${JSON.stringify(`must hold at least ${min} element${min === 1 ? '' : 's'}`)});` : '',
      // map, as the interpretation: a hole in a (non-JSON) array stays a hole.
      `return v.map((x, ${i}) => ${this.expr(node.item, 'x', item(p, i), depth + 1)});`,
    ];
    this.functions[slot] = `function ${name}(v, c${at.text === undefined ? ', p' : ''}) {\n  ${body.filter(Boolean).join('\n  ')}\n}`;
    return name;
  }
}

/** The generated JavaScript of a schema's validator (for reading and tests). */
export function compiledSource(node: Node): { source: string; lists: Array<readonly string[]> } {
  const g = new Generator();
  const root = g.expr(node, 'v', constant(''), 0);
  const source = `${g.functions.join('\n')}\nreturn function validate(v, now) {\n  const c = new Collector(now);\n  return c.result(${root});\n};`;
  return { source, lists: g.lists };
}

/** Compiles `node` into a validator equal to `validate(node, v, now)` from schema.ts. */
export function compileSchema(node: Node): CompiledValidator {
  const { source, lists } = compiledSource(node);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('Collector', 'kind', 'L', source) as (
    collector: typeof Collector, k: typeof kind, l: Array<readonly string[]>,
  ) => (v: unknown, now: number) => Checked;
  const run = make(Collector, kind, lists);
  return (v, now = Date.now()) => run(v, now);
}
