/**
 * Errors of the rules layer. A `RuleSyntaxError` points into one expression; a `RuleLoadError`
 * points into rule files (file, line, column) and may carry several problems at once.
 */

/** 1-based line and column of `offset` in `text` (a column counts UTF-16 code units). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** A syntax, name or type error inside one rule expression. */
export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';
  /** 0-based offset within the expression text. */
  readonly offset: number;
  /** 1-based line within the expression text. */
  readonly line: number;
  /** 1-based column within the expression text. */
  readonly column: number;
  /** What is wrong, without the position. */
  readonly reason: string;
  readonly source: string;

  constructor(reason: string, source: string, offset: number) {
    const { line, column } = lineColumn(source, offset);
    super(`line ${line}, column ${column}: ${reason}`);
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.source = source;
  }
}

/** One problem found in a rule file. */
export interface RuleProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** Problems in file order (first appearance), then line and column; the sort is stable. */
export function sortProblems(problems: readonly RuleProblem[]): RuleProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return [...problems].sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.column - b.column);
}

/** Rule files could not be loaded; `problems` lists every problem found (sorted), the first also gives file/line/column. */
export class RuleLoadError extends Error {
  override readonly name = 'RuleLoadError';
  readonly problems: readonly RuleProblem[];
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(problems: readonly RuleProblem[]) {
    if (problems.length === 0) throw new Error('RuleLoadError needs at least one problem');
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
    this.file = sorted[0].file;
    this.line = sorted[0].line;
    this.column = sorted[0].column;
  }
}
