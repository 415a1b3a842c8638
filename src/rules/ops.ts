import type { Transaction } from '../domain/transaction.js';
import type { ArithOp, CompareOp } from './ast.js';

/**
 * Closure factories for the compiler. Each returns a small monomorphic function; the common
 * shapes (feature compared with a constant, feature with feature) get their own closures so a
 * typical rule condition costs one array read and one comparison.
 */

export type NumFn = (f: Float64Array, tx: Transaction) => number;
export type BoolFn = (f: Float64Array, tx: Transaction) => boolean;
export type StrFn = (f: Float64Array, tx: Transaction) => string;

/** A compiled operand: a constant, a numeric feature read (by index), or a general function. */
export interface NumOperand {
  fn: NumFn;
  constant?: number;
  feature?: number;
}

const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function featureVsConst(op: CompareOp, i: number, c: number): BoolFn {
  switch (op) {
    case '==': return (f) => f[i] === c;
    case '!=': return (f) => f[i] !== c;
    case '<': return (f) => f[i] < c;
    case '<=': return (f) => f[i] <= c;
    case '>': return (f) => f[i] > c;
    case '>=': return (f) => f[i] >= c;
  }
}

function featureVsFeature(op: CompareOp, i: number, j: number): BoolFn {
  switch (op) {
    case '==': return (f) => f[i] === f[j];
    case '!=': return (f) => f[i] !== f[j];
    case '<': return (f) => f[i] < f[j];
    case '<=': return (f) => f[i] <= f[j];
    case '>': return (f) => f[i] > f[j];
    case '>=': return (f) => f[i] >= f[j];
  }
}

function fnVsConst(op: CompareOp, a: NumFn, c: number): BoolFn {
  switch (op) {
    case '==': return (f, t) => a(f, t) === c;
    case '!=': return (f, t) => a(f, t) !== c;
    case '<': return (f, t) => a(f, t) < c;
    case '<=': return (f, t) => a(f, t) <= c;
    case '>': return (f, t) => a(f, t) > c;
    case '>=': return (f, t) => a(f, t) >= c;
  }
}

function fnVsFn(op: CompareOp, a: NumFn, b: NumFn): BoolFn {
  switch (op) {
    case '==': return (f, t) => a(f, t) === b(f, t);
    case '!=': return (f, t) => a(f, t) !== b(f, t);
    case '<': return (f, t) => a(f, t) < b(f, t);
    case '<=': return (f, t) => a(f, t) <= b(f, t);
    case '>': return (f, t) => a(f, t) > b(f, t);
    case '>=': return (f, t) => a(f, t) >= b(f, t);
  }
}

/** Numeric comparison. NaN compares false with everything except under `!=`, as in IEEE 754. */
export function compareNumbers(op: CompareOp, l: NumOperand, r: NumOperand): BoolFn {
  if (l.feature !== undefined && r.constant !== undefined) return featureVsConst(op, l.feature, r.constant);
  if (l.constant !== undefined && r.feature !== undefined) return featureVsConst(FLIP[op], r.feature, l.constant);
  if (l.feature !== undefined && r.feature !== undefined) return featureVsFeature(op, l.feature, r.feature);
  if (r.constant !== undefined) return fnVsConst(op, l.fn, r.constant);
  if (l.constant !== undefined) return fnVsConst(FLIP[op], r.fn, l.constant);
  return fnVsFn(op, l.fn, r.fn);
}

/** Equality of strings or booleans (ordering is not defined for them). */
export function compareEqual<T>(op: '==' | '!=', a: (f: Float64Array, t: Transaction) => T, b: (f: Float64Array, t: Transaction) => T): BoolFn {
  return op === '==' ? (f, t) => a(f, t) === b(f, t) : (f, t) => a(f, t) !== b(f, t);
}

/**
 * Arithmetic. Division and remainder by zero yield 0: a ratio over an empty window (no inflow
 * yet, no history) must read as "nothing" so that `x / y > k` stays quiet, instead of producing
 * Infinity or NaN that would fire or poison a rule.
 */
export function arithmetic(op: ArithOp, l: NumOperand, r: NumOperand): NumFn {
  const a = l.fn;
  const b = r.fn;
  if (l.feature !== undefined && r.constant !== undefined) {
    const i = l.feature;
    const c = r.constant;
    switch (op) {
      case '+': return (f) => f[i] + c;
      case '-': return (f) => f[i] - c;
      case '*': return (f) => f[i] * c;
      case '/': return c === 0 ? () => 0 : (f) => f[i] / c;
      case '%': return c === 0 ? () => 0 : (f) => f[i] % c;
    }
  }
  switch (op) {
    case '+': return (f, t) => a(f, t) + b(f, t);
    case '-': return (f, t) => a(f, t) - b(f, t);
    case '*': return (f, t) => a(f, t) * b(f, t);
    case '/': return (f, t) => {
      const d = b(f, t);
      return d === 0 ? 0 : a(f, t) / d;
    };
    case '%': return (f, t) => {
      const d = b(f, t);
      return d === 0 ? 0 : a(f, t) % d;
    };
  }
}

/** Number used as a condition: true unless 0 or NaN (features that are 0/1 flags read naturally). */
export function truthy(x: NumOperand): BoolFn {
  if (x.feature !== undefined) {
    const i = x.feature;
    return (f) => f[i] !== 0 && f[i] === f[i];
  }
  const a = x.fn;
  return (f, t) => {
    const v = a(f, t);
    return v !== 0 && v === v;
  };
}

export function minMax(kind: 'min' | 'max', args: readonly NumFn[]): NumFn {
  const pick = kind === 'min' ? Math.min : Math.max;
  if (args.length === 1) return args[0];
  if (args.length === 2) {
    const [a, b] = args;
    return (f, t) => pick(a(f, t), b(f, t));
  }
  return (f, t) => {
    let v = args[0](f, t);
    for (let k = 1; k < args.length; k++) v = pick(v, args[k](f, t));
    return v;
  };
}

/** Membership test against a list; constant lists become an array scan or, when long, a Set. */
export function member<T>(subject: (f: Float64Array, t: Transaction) => T, constants: readonly T[] | undefined, items: ReadonlyArray<(f: Float64Array, t: Transaction) => T>): BoolFn {
  if (constants !== undefined) {
    if (constants.length > 8) {
      const set = new Set(constants);
      return (f, t) => set.has(subject(f, t));
    }
    const list = constants.slice();
    return (f, t) => list.includes(subject(f, t));
  }
  return (f, t) => {
    const v = subject(f, t);
    for (const item of items) if (item(f, t) === v) return true;
    return false;
  };
}

/** `not x` for a numeric feature read as a condition: true when it is 0 or NaN. */
export function falsyFeature(i: number): BoolFn {
  return (f) => !(f[i] !== 0 && f[i] === f[i]);
}

/**
 * A flattened `and`/`or` chain: `a and b and c` is one closure calling each term in turn, not
 * a tree of nested closures, so a rule whose first term fails costs two calls.
 */
export function logicChain(op: 'and' | 'or', terms: readonly BoolFn[]): BoolFn {
  const [a, b, c, d] = terms;
  if (op === 'and') {
    switch (terms.length) {
      case 1: return a;
      case 2: return (f, t) => a(f, t) && b(f, t);
      case 3: return (f, t) => a(f, t) && b(f, t) && c(f, t);
      case 4: return (f, t) => a(f, t) && b(f, t) && c(f, t) && d(f, t);
      default: return (f, t) => {
        for (let k = 0; k < terms.length; k++) if (!terms[k](f, t)) return false;
        return true;
      };
    }
  }
  switch (terms.length) {
    case 1: return a;
    case 2: return (f, t) => a(f, t) || b(f, t);
    case 3: return (f, t) => a(f, t) || b(f, t) || c(f, t);
    case 4: return (f, t) => a(f, t) || b(f, t) || c(f, t) || d(f, t);
    default: return (f, t) => {
      for (let k = 0; k < terms.length; k++) if (terms[k](f, t)) return true;
      return false;
    };
  }
}
