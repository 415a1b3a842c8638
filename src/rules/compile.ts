import type { FeatureSchema } from '../domain/feature-schema.js';
import type { Transaction } from '../domain/transaction.js';
import type { BinaryNode, CallNode, InNode, LogicOp, Node } from './ast.js';
import { RuleSyntaxError } from './errors.js';
import { arithmetic, compareEqual, compareNumbers, falsyFeature, logicChain, member, minMax, truthy, type BoolFn, type NumFn, type NumOperand, type StrFn } from './ops.js';
import { parseExpression } from './parser.js';
import { didYouMean } from './suggest.js';

/**
 * Type-checks a parsed expression against a FeatureSchema and turns it into plain closures.
 * Numeric features become reads of `features[index]`; text fields call their getter on the
 * transaction. Constant sub-expressions are folded. No user text ever reaches eval/Function.
 */

export type ValueType = 'number' | 'boolean' | 'string';
export type Predicate = (features: Float64Array, tx: Transaction) => boolean;

/** A numeric feature an expression reads, so a reason can show its value. */
export interface FeatureRead {
  name: string;
  index: number;
}

export interface CompiledExpression {
  source: string;
  predicate: Predicate;
  /** Numeric features read, each once, in order of first appearance. */
  reads: readonly FeatureRead[];
  /** Text fields read (channel, currency, …), each once. */
  texts: readonly string[];
}

export interface CompiledValue {
  source: string;
  type: ValueType;
  evaluate: (features: Float64Array, tx: Transaction) => number | boolean | string;
  reads: readonly FeatureRead[];
  texts: readonly string[];
}

/** Longest expression accepted; keeps compile and evaluation recursion bounded. */
export const MAX_EXPRESSION_LENGTH = 10_000;

export const FUNCTIONS: Readonly<Record<string, { min: number; max: number }>> = {
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  abs: { min: 1, max: 1 },
  log1p: { min: 1, max: 1 },
  if: { min: 3, max: 3 },
};

type C =
  | { type: 'number'; fn: NumFn; constant?: number; feature?: number }
  | { type: 'boolean'; fn: BoolFn; constant?: boolean }
  | { type: 'string'; fn: StrFn; constant?: string };

type Condition = { fn: BoolFn; constant?: boolean; feature?: number };

const NO_FEATURES = new Float64Array(0);
/** Folding runs constant closures only; they never read the transaction. */
const NO_TX = undefined as unknown as Transaction;

function num(fn: NumFn): C {
  return { type: 'number', fn };
}
function constant(c: C): boolean {
  return c.constant !== undefined;
}
/** Replaces a sub-expression whose inputs are all constants by its value. */
function fold(c: C, ...inputs: C[]): C {
  if (!inputs.every(constant)) return c;
  switch (c.type) {
    case 'number': {
      const v = c.fn(NO_FEATURES, NO_TX);
      return { type: 'number', fn: () => v, constant: v };
    }
    case 'boolean': {
      const v = c.fn(NO_FEATURES, NO_TX);
      return { type: 'boolean', fn: () => v, constant: v };
    }
    case 'string': {
      const v = c.fn(NO_FEATURES, NO_TX);
      return { type: 'string', fn: () => v, constant: v };
    }
  }
}

const TYPE_WORDS: Record<ValueType, string> = { number: 'a number', boolean: 'a true/false value', string: 'a text value' };

class Compiler {
  readonly reads = new Map<string, number>();
  readonly texts = new Set<string>();

  constructor(
    private readonly src: string,
    private readonly schema: FeatureSchema,
  ) {}

  fail(message: string, at: number): never {
    throw new RuleSyntaxError(message, this.src, at);
  }

  number(node: Node): NumOperand {
    const c = this.compile(node);
    if (c.type !== 'number') this.fail(`expected a number here, found ${TYPE_WORDS[c.type]}`, node.start);
    return c;
  }

  /**
   * A condition: booleans as they are, numbers as "not 0 (and not NaN)"; text is refused.
   * `feature` is set when the condition is a bare numeric feature (so `not` can fuse with it).
   */
  condition(node: Node): Condition {
    const c = this.compile(node);
    if (c.type === 'boolean') return c;
    if (c.type === 'number') {
      if (c.constant !== undefined) {
        const v = c.constant !== 0 && !Number.isNaN(c.constant);
        return { fn: () => v, constant: v };
      }
      return { fn: truthy(c), feature: c.feature };
    }
    return this.fail('a text value cannot be a condition; compare it, e.g. channel == "cash_in"', node.start);
  }

  compile(node: Node): C {
    switch (node.kind) {
      case 'number': {
        const v = node.value;
        return { type: 'number', fn: () => v, constant: v };
      }
      case 'string': {
        const v = node.value;
        return { type: 'string', fn: () => v, constant: v };
      }
      case 'bool': {
        const v = node.value;
        return { type: 'boolean', fn: () => v, constant: v };
      }
      case 'ident':
        return this.ident(node.name, node.start);
      case 'unary':
        if (node.op === '-') {
          const a = this.number(node.operand);
          const fn = a.fn;
          return fold(num((f, t) => -fn(f, t)), a as C);
        } else {
          const a = this.condition(node.operand);
          if (a.constant !== undefined) return { type: 'boolean', fn: () => !a.constant, constant: !a.constant };
          if (a.feature !== undefined) return { type: 'boolean', fn: falsyFeature(a.feature) };
          const fn = a.fn;
          return { type: 'boolean', fn: (f, t) => !fn(f, t) };
        }
      case 'binary':
        return this.binary(node);
      case 'in':
        return this.inList(node);
      case 'call':
        return this.call(node);
    }
  }

  private ident(name: string, at: number): C {
    const index = this.schema.index.get(name);
    if (index !== undefined) {
      this.reads.set(name, index);
      return { type: 'number', fn: (f) => f[index], feature: index };
    }
    const getter = this.schema.text.get(name);
    if (getter !== undefined) {
      this.texts.add(name);
      return { type: 'string', fn: (_f, t) => getter(t) };
    }
    if (name in FUNCTIONS) this.fail(`${name} is a function; call it, e.g. ${name}(…)`, at);
    const candidates = [...this.schema.names, ...this.schema.text.keys()];
    return this.fail(`unknown feature "${name}"${didYouMean(name, candidates)}`, at);
  }

  private binary(node: BinaryNode): C {
    const { op } = node;
    if (op === 'and' || op === 'or') return this.logic(op, node);
    const l = this.compile(node.left);
    const r = this.compile(node.right);
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      if (l.type !== 'number' || r.type !== 'number') {
        const bad = l.type !== 'number' ? l : r;
        this.fail(`"${op}" needs numbers on both sides, found ${TYPE_WORDS[bad.type]}`, node.opStart);
      }
      return fold(num(arithmetic(op, l, r)), l, r);
    }
    if (l.type !== r.type) {
      this.fail(`cannot compare ${TYPE_WORDS[l.type]} with ${TYPE_WORDS[r.type]} using "${op}"`, node.opStart);
    }
    if (l.type === 'number' && r.type === 'number') return fold({ type: 'boolean', fn: compareNumbers(op, l, r) }, l, r);
    if (op !== '==' && op !== '!=') this.fail(`"${op}" compares numbers only; ${TYPE_WORDS[l.type]} can be compared with == or !=`, node.opStart);
    const eq = compareEqual<unknown>(op, l.fn, r.fn);
    return fold({ type: 'boolean', fn: eq }, l, r);
  }

  /**
   * A whole `and` (or `or`) chain at once: every term is type-checked, constant terms fold
   * (`false and x` is false, `true and x` is x; the mirror for `or`), the rest is one closure.
   */
  private logic(op: LogicOp, node: BinaryNode): C {
    const nodes: Node[] = [];
    const collect = (n: Node): void => {
      if (n.kind === 'binary' && n.op === op) {
        collect(n.left);
        collect(n.right);
      } else nodes.push(n);
    };
    collect(node);
    const absorbing = op === 'or';
    const terms = nodes.map((n) => this.condition(n));
    if (terms.some((t) => t.constant === absorbing)) return { type: 'boolean', fn: () => absorbing, constant: absorbing };
    const live = terms.filter((t) => t.constant === undefined).map((t) => t.fn);
    if (live.length === 0) return { type: 'boolean', fn: () => !absorbing, constant: !absorbing };
    return { type: 'boolean', fn: logicChain(op, live) };
  }

  private inList(node: InNode): C {
    const s = this.compile(node.subject);
    const items = node.items.map((item) => {
      const c = this.compile(item);
      if (c.type !== s.type) this.fail(`list item is ${TYPE_WORDS[c.type]} but the value tested is ${TYPE_WORDS[s.type]}`, item.start);
      return c;
    });
    const constants = items.every(constant) ? items.map((c) => c.constant) : undefined;
    const test = member<unknown>(s.fn, constants, items.map((c) => c.fn));
    const fn: BoolFn = node.negated ? (f, t) => !test(f, t) : test;
    return fold({ type: 'boolean', fn }, s, ...items);
  }

  private call(node: CallNode): C {
    const spec = Object.hasOwn(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : undefined;
    if (spec === undefined) {
      if (this.schema.index.has(node.name) || this.schema.text.has(node.name)) {
        this.fail(`${node.name} is a feature, not a function`, node.start);
      }
      this.fail(`unknown function "${node.name}"${didYouMean(node.name, Object.keys(FUNCTIONS))}; functions are ${Object.keys(FUNCTIONS).join(', ')}`, node.start);
    }
    const n = node.args.length;
    if (n < spec.min || n > spec.max) {
      const want = spec.min === spec.max ? `${spec.min}` : `at least ${spec.min}`;
      this.fail(`${node.name}() takes ${want} argument${spec.min === 1 && spec.max === 1 ? '' : 's'}, got ${n}`, node.start);
    }
    if (node.name === 'if') return this.ifCall(node);
    const args = node.args.map((a) => this.number(a));
    const inputs = args as C[];
    switch (node.name) {
      case 'abs': {
        const a = args[0].fn;
        return fold(num((f, t) => Math.abs(a(f, t))), ...inputs);
      }
      case 'log1p': {
        const a = args[0].fn;
        return fold(num((f, t) => Math.log1p(a(f, t))), ...inputs);
      }
      default:
        return fold(num(minMax(node.name as 'min' | 'max', args.map((a) => a.fn))), ...inputs);
    }
  }

  private ifCall(node: CallNode): C {
    const cond = this.condition(node.args[0]);
    const a = this.compile(node.args[1]);
    const b = this.compile(node.args[2]);
    if (a.type !== b.type) {
      this.fail(`if() branches must have the same type: ${TYPE_WORDS[a.type]} and ${TYPE_WORDS[b.type]}`, node.args[2].start);
    }
    if (cond.constant !== undefined) return cond.constant ? a : b;
    const c = cond.fn;
    const x = a.fn as (f: Float64Array, t: Transaction) => never;
    const y = b.fn as (f: Float64Array, t: Transaction) => never;
    return { type: a.type, fn: (f: Float64Array, t: Transaction) => (c(f, t) ? x(f, t) : y(f, t)) } as C;
  }
}

function setup(source: string, schema: FeatureSchema): { compiler: Compiler; ast: Node } {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new RuleSyntaxError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, source, MAX_EXPRESSION_LENGTH);
  }
  return { compiler: new Compiler(source, schema), ast: parseExpression(source) };
}

function readsOf(compiler: Compiler): FeatureRead[] {
  return [...compiler.reads].map(([name, index]) => ({ name, index }));
}

/**
 * Compiles a rule condition. The expression must be true/false or a number (a number is true
 * when it is neither 0 nor NaN, so flag features like `is_cash` read as conditions).
 * Throws `RuleSyntaxError` for syntax, unknown names and type errors.
 */
export function compileExpression(source: string, schema: FeatureSchema): CompiledExpression {
  const { compiler, ast } = setup(source, schema);
  const cond = compiler.condition(ast);
  const predicate: Predicate = cond.constant !== undefined ? (cond.constant ? () => true : () => false) : cond.fn;
  return { source, predicate, reads: readsOf(compiler), texts: [...compiler.texts] };
}

/** Compiles an expression of any type into a value function (for tests, tooling and explanations). */
export function compileValue(source: string, schema: FeatureSchema): CompiledValue {
  const { compiler, ast } = setup(source, schema);
  const c = compiler.compile(ast);
  return { source, type: c.type, evaluate: c.fn, reads: readsOf(compiler), texts: [...compiler.texts] };
}
