import { RuleSyntaxError } from './errors.js';

/**
 * Tokenizer of the rule expression language. Tokens carry their offsets so every later error
 * (parse, name, type) can point at the exact place in the expression.
 */

export type TokenKind = 'number' | 'string' | 'ident' | 'keyword' | 'op' | 'eof';

export const KEYWORDS = ['and', 'or', 'not', 'in', 'true', 'false'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export interface Token {
  kind: TokenKind;
  /** Operator or keyword spelling (`&&` is normalised to `and`, `||` to `or`, `!` to `not`), identifier name, or raw text. */
  text: string;
  /** Parsed value of a number or string literal. */
  value?: number | string;
  start: number;
  end: number;
}

const KEYWORD_SET = new Set<string>(KEYWORDS);
const TWO_CHAR_OPS: ReadonlyMap<string, string> = new Map([['==', '=='], ['!=', '!='], ['<=', '<='], ['>=', '>='], ['&&', 'and'], ['||', 'or']]);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '%', '<', '>', '(', ')', ',']);
const ESCAPES: ReadonlyMap<string, string> = new Map([['n', '\n'], ['t', '\t'], ['r', '\r'], ['\\', '\\'], ["'", "'"], ['"', '"']]);

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Reads digits with optional single `_` separators between them; returns the end offset. */
function digits(src: string, i: number): number {
  const start = i;
  while (i < src.length) {
    const c = src[i];
    if (isDigit(c)) i++;
    else if (c === '_' && i > start && isDigit(src[i - 1]) && isDigit(src[i + 1] ?? '')) i++;
    else break;
  }
  return i;
}

function lexNumber(src: string, start: number): Token {
  let i = digits(src, start);
  if (src[i] === '.') i = digits(src, i + 1);
  if (i === start + 1 && src[start] === '.') throw new RuleSyntaxError('expected a digit after "."', src, start);
  if (src[i] === 'e' || src[i] === 'E') {
    let j = i + 1;
    if (src[j] === '+' || src[j] === '-') j++;
    const k = digits(src, j);
    if (k === j) throw new RuleSyntaxError('expected digits in the exponent of a number', src, i);
    i = k;
  }
  if (i < src.length && (isIdentPart(src[i]) || src[i] === '.')) {
    throw new RuleSyntaxError(`invalid number "${src.slice(start, i + 1)}"`, src, start);
  }
  const text = src.slice(start, i);
  return { kind: 'number', text, value: Number(text.replace(/_/g, '')), start, end: i };
}

function lexString(src: string, start: number): Token {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === quote) return { kind: 'string', text: src.slice(start, i + 1), value: out, start, end: i + 1 };
    if (c === '\\') {
      const e = ESCAPES.get(src[i + 1] ?? '');
      if (e === undefined) throw new RuleSyntaxError('unknown escape in string (use \\\\, \\\', \\", \\n, \\t or \\r)', src, i);
      out += e;
      i += 2;
      continue;
    }
    if (c === '\n') break;
    out += c;
    i++;
  }
  throw new RuleSyntaxError('unterminated string', src, start);
}

/** Splits an expression into tokens, ending with one `eof` token. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      const t = lexNumber(src, i);
      tokens.push(t);
      i = t.end;
      continue;
    }
    if (c === '"' || c === "'") {
      const t = lexString(src, i);
      tokens.push(t);
      i = t.end;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && isIdentPart(src[j])) j++;
      const text = src.slice(i, j);
      tokens.push({ kind: KEYWORD_SET.has(text) ? 'keyword' : 'ident', text, start: i, end: j });
      i = j;
      continue;
    }
    const two = TWO_CHAR_OPS.get(src.slice(i, i + 2));
    if (two !== undefined) {
      tokens.push({ kind: two === 'and' || two === 'or' ? 'keyword' : 'op', text: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '!') {
      tokens.push({ kind: 'keyword', text: 'not', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: 'op', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '=') throw new RuleSyntaxError('"=" is not an operator; use "==" to compare', src, i);
    if (c === '&' || c === '|') throw new RuleSyntaxError(`"${c}" is not an operator; use "${c}${c}" or "${c === '&' ? 'and' : 'or'}"`, src, i);
    throw new RuleSyntaxError(`unexpected character ${JSON.stringify(c)}`, src, i);
  }
  tokens.push({ kind: 'eof', text: '', start: src.length, end: src.length });
  return tokens;
}
