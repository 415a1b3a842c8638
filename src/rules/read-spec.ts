import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YNode, type Scalar, type YAMLMap } from 'yaml';
import { lineColumn, type RuleProblem } from './errors.js';
import { scalarOffsetMapper, type ScalarStyle } from './source-map.js';
import { RULE_EVIDENCE, RULE_ID, SEVERITIES, SEVERITY_WEIGHT, type LocalizedText, type RuleDefinition, type RuleEvidence, type Severity, type SourcePosition, type TypologyDefinition } from './spec.js';
import { didYouMean } from './suggest.js';

/**
 * Reads rule and typology definitions out of a parsed YAML (or JSON) document, checking every
 * field and naming the file, line and column of each problem. Expressions are not compiled here.
 */

export interface RuleDraft extends RuleDefinition {
  /** File position of an offset inside the expression text. */
  locate: (offset: number) => SourcePosition;
}

export interface TypologyDraft extends Omit<TypologyDefinition, 'rules'> {
  /** Members without a weight take the rule's own weight once all files are read. */
  rules: Array<{ rule: string; weight?: number; origin: SourcePosition }>;
}

export interface Drafts {
  rules: RuleDraft[];
  typologies: TypologyDraft[];
}

const TOP_KEYS = ['rules', 'typologies'];
const RULE_KEYS = ['id', 'version', 'description', 'severity', 'weight', 'expression', 'enabled', 'evidence'];
const TYPOLOGY_KEYS = ['id', 'version', 'description', 'rules', 'review', 'block'];
const MEMBER_KEYS = ['rule', 'weight'];

type Fields = Map<string, { key: YNode; value: YNode | null }>;

class SpecReader {
  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly doc: Document,
    readonly problems: RuleProblem[],
  ) {}

  at(offset: number): SourcePosition {
    return { file: this.file, ...lineColumn(this.source, offset) };
  }
  where(node: YNode | null | undefined, fallback: YNode | null | undefined): SourcePosition {
    return this.at((node?.range ?? fallback?.range)?.[0] ?? 0);
  }
  problem(node: YNode | null | undefined, message: string, fallback?: YNode | null): void {
    this.problems.push({ ...this.where(node, fallback), message });
  }

  resolve(node: unknown): YNode | null {
    if (isAlias(node)) return (node.resolve(this.doc) as YNode | undefined) ?? null;
    return (node as YNode | null | undefined) ?? null;
  }

  /** The fields of a mapping; problems for a non-mapping, a non-text key or an unknown key. */
  fields(node: YNode | null, what: string, allowed: readonly string[], parent?: YNode | null): Fields | undefined {
    if (!isMap(node)) {
      this.problem(node, `${what} must be a mapping of ${allowed.join(', ')}`, parent);
      return undefined;
    }
    const out: Fields = new Map();
    for (const pair of (node as YAMLMap).items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.problem(key, `${what} keys must be text`, node);
        continue;
      }
      if (!allowed.includes(key.value)) {
        this.problem(key, `unknown field "${key.value}" in ${what}${didYouMean(key.value, allowed)}; expected ${allowed.join(', ')}`);
        continue;
      }
      out.set(key.value, { key, value: this.resolve(pair.value) });
    }
    return out;
  }

  private scalar(fields: Fields, name: string, what: string, parent: YNode, required: boolean): Scalar | undefined {
    const f = fields.get(name);
    if (f === undefined) {
      if (required) this.problem(parent, `${what} is missing "${name}"`);
      return undefined;
    }
    if (!isScalar(f.value) || f.value.value === null) {
      this.problem(f.value, `"${name}" in ${what} must be a single value`, f.key);
      return undefined;
    }
    return f.value;
  }

  text(fields: Fields, name: string, what: string, parent: YNode, required = true): { value: string; node: Scalar } | undefined {
    const s = this.scalar(fields, name, what, parent, required);
    if (s === undefined) return undefined;
    if (typeof s.value !== 'string' || s.value.trim() === '') {
      this.problem(s, `"${name}" in ${what} must be non-empty text`);
      return undefined;
    }
    return { value: s.value, node: s };
  }

  number(fields: Fields, name: string, what: string, parent: YNode, opts: { required: boolean; integer?: boolean; min: number; max: number }): number | undefined {
    const s = this.scalar(fields, name, what, parent, opts.required);
    if (s === undefined) return undefined;
    const v = s.value;
    const kind = opts.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      this.problem(s, `"${name}" in ${what} must be ${kind}, got ${JSON.stringify(v)}`);
      return undefined;
    }
    if (v < opts.min || v > opts.max) {
      this.problem(s, `"${name}" in ${what} must be ${kind} from ${opts.min} to ${opts.max}, got ${v}`);
      return undefined;
    }
    return v;
  }

  id(fields: Fields, what: string, parent: YNode): string | undefined {
    const t = this.text(fields, 'id', what, parent);
    if (t !== undefined && !RULE_ID.test(t.value)) {
      this.problem(t.node, `id ${JSON.stringify(t.value)} must be 1–128 characters of a-z, 0-9, "_", "." and "-"`);
      return undefined;
    }
    return t?.value;
  }

  description(fields: Fields, what: string, parent: YNode): LocalizedText | undefined {
    const f = fields.get('description');
    if (f === undefined) {
      this.problem(parent, `${what} is missing "description" (with "en" and "zh")`);
      return undefined;
    }
    const d = this.fields(f.value, `the description of ${what}`, ['en', 'zh'], f.key);
    if (d === undefined || f.value === null) return undefined;
    const en = this.text(d, 'en', `the description of ${what}`, f.value);
    const zh = this.text(d, 'zh', `the description of ${what}`, f.value);
    return en && zh ? { en: en.value, zh: zh.value } : undefined;
  }

  list(fields: Fields, name: string, what: string): YNode[] {
    const f = fields.get(name);
    if (f === undefined || f.value === null || (isScalar(f.value) && f.value.value === null)) return [];
    if (!isSeq(f.value)) {
      this.problem(f.value, `"${name}" in ${what} must be a list`, f.key);
      return [];
    }
    return f.value.items.map((item) => this.resolve(item)).filter((n): n is YNode => n !== null);
  }

  rule(node: YNode): RuleDraft | undefined {
    const what = 'a rule';
    const f = this.fields(node, what, RULE_KEYS);
    if (f === undefined) return undefined;
    const id = this.id(f, what, node);
    const named = id ? `rule "${id}"` : what;
    const version = this.number(f, 'version', named, node, { required: true, integer: true, min: 1, max: 1e9 });
    const description = this.description(f, named, node);
    const sev = this.text(f, 'severity', named, node);
    let severity: Severity | undefined;
    if (sev !== undefined) {
      if ((SEVERITIES as readonly string[]).includes(sev.value)) severity = sev.value as Severity;
      else this.problem(sev.node, `severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(sev.value)}${didYouMean(sev.value, SEVERITIES)}`);
    }
    const weight = this.number(f, 'weight', named, node, { required: false, min: 0, max: 1 });
    const expr = this.text(f, 'expression', named, node);
    const enabledNode = this.scalar(f, 'enabled', named, node, false);
    if (enabledNode !== undefined && typeof enabledNode.value !== 'boolean') this.problem(enabledNode, `"enabled" in ${named} must be true or false`);
    const ev = this.text(f, 'evidence', named, node, false);
    let evidence: RuleEvidence | undefined;
    if (ev !== undefined) {
      if ((RULE_EVIDENCE as readonly string[]).includes(ev.value)) evidence = ev.value as RuleEvidence;
      else this.problem(ev.node, `evidence must be one of ${RULE_EVIDENCE.join(', ')}, got ${JSON.stringify(ev.value)}${didYouMean(ev.value, RULE_EVIDENCE)}`);
    }
    if (id === undefined || version === undefined || description === undefined || severity === undefined || expr === undefined) return undefined;
    if (f.has('weight') && weight === undefined) return undefined;
    if (f.has('evidence') && evidence === undefined) return undefined;
    const map = scalarOffsetMapper(this.source, expr.value, [expr.node.range![0], expr.node.range![1]], expr.node.type as ScalarStyle | undefined);
    return {
      id, version, description, severity, expression: expr.value,
      weight: weight ?? SEVERITY_WEIGHT[severity],
      enabled: enabledNode?.value !== false,
      evidence: evidence ?? 'transfer',
      origin: this.where(node, null),
      locate: (offset) => this.at(map(offset)),
    };
  }

  typology(node: YNode): TypologyDraft | undefined {
    const what = 'a typology';
    const f = this.fields(node, what, TYPOLOGY_KEYS);
    if (f === undefined) return undefined;
    const id = this.id(f, what, node);
    const named = id ? `typology "${id}"` : what;
    const version = this.number(f, 'version', named, node, { required: true, integer: true, min: 1, max: 1e9 });
    const description = this.description(f, named, node);
    const review = this.number(f, 'review', named, node, { required: true, min: 0, max: 1 });
    const block = this.number(f, 'block', named, node, { required: false, min: 0, max: 1 });
    if (review !== undefined && block !== undefined && !(review < block)) {
      this.problem(f.get('block')!.value, `in ${named} the review threshold (${review}) must be below the block threshold (${block})`);
    }
    if (!f.has('rules')) this.problem(node, `${named} is missing "rules" (a list of {rule, weight})`);
    const members: TypologyDraft['rules'] = [];
    const problemsBefore = this.problems.length;
    for (const m of this.list(f, 'rules', named)) {
      if (isScalar(m) && typeof m.value === 'string') {
        members.push({ rule: m.value, origin: this.where(m, null) });
        continue;
      }
      const mf = this.fields(m, `a rule entry of ${named}`, MEMBER_KEYS);
      if (mf === undefined) continue;
      const rule = this.text(mf, 'rule', `a rule entry of ${named}`, m);
      const weight = this.number(mf, 'weight', `a rule entry of ${named}`, m, { required: false, min: 0, max: 1 });
      if (rule === undefined || (mf.has('weight') && weight === undefined)) continue;
      members.push({ rule: rule.value, weight, origin: this.where(rule.node, null) });
    }
    if (f.has('rules') && members.length === 0 && this.problems.length === problemsBefore) this.problem(f.get('rules')!.key, `${named} lists no rules`);
    if (id === undefined || version === undefined || description === undefined || review === undefined) return undefined;
    if (f.has('block') && (block === undefined || !(review < block))) return undefined;
    const t: TypologyDraft = { id, version, description, rules: members, review, origin: this.where(node, null) };
    if (block !== undefined) t.block = block;
    return t;
  }
}

/** Reads the definitions of one document; problems are appended to `problems`. */
export function readDrafts(file: string, text: string, doc: Document, problems: RuleProblem[]): Drafts {
  const r = new SpecReader(file, text, doc, problems);
  const drafts: Drafts = { rules: [], typologies: [] };
  const root = r.resolve(doc.contents);
  const top = r.fields(root, 'a rule file', TOP_KEYS);
  if (top === undefined) return drafts;
  if (top.size === 0) r.problem(root, 'a rule file needs "rules:" and/or "typologies:"');
  for (const n of r.list(top, 'rules', 'the file')) {
    const d = r.rule(n);
    if (d) drafts.rules.push(d);
  }
  for (const n of r.list(top, 'typologies', 'the file')) {
    const d = r.typology(n);
    if (d) drafts.typologies.push(d);
  }
  return drafts;
}
