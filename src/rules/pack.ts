import { parseDocument, type Document } from 'yaml';
import type { FeatureSchema } from '../domain/feature-schema.js';
import { compileExpression } from './compile.js';
import { lineColumn, RuleLoadError, RuleSyntaxError, type RuleProblem } from './errors.js';
import { readDrafts, type TypologyDraft } from './read-spec.js';
import type { CompiledRule, RulePack, SourcePosition, TypologyDefinition } from './spec.js';
import { didYouMean } from './suggest.js';

/**
 * Turns rule-file text into compiled rules (no I/O), and joins several files into one pack,
 * checking ids across files and the rules each typology names.
 */

/** The compiled content of one file, before it is joined with others. */
export interface FileRules {
  file: string;
  rules: CompiledRule[];
  typologies: TypologyDraft[];
  /** Ids of rules whose expression did not compile (already reported; typologies naming them are not flagged again). */
  failed: string[];
}

function problemAt(file: string, text: string, offset: number, message: string): RuleProblem {
  return { file, ...lineColumn(text, offset), message };
}

/** JSON.parse's complaint and its position, when the message carries one. */
function jsonProblem(file: string, text: string, err: unknown): RuleProblem {
  const message = err instanceof Error ? err.message : String(err);
  const m = /at position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : text.length;
  return problemAt(file, text, offset, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
}

function parseText(file: string, text: string, problems: RuleProblem[]): Document | undefined {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (err) {
      problems.push(jsonProblem(file, text, err));
      return undefined;
    }
  }
  // JSON is YAML 1.2, so one parser gives positions for both formats.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(problemAt(file, text, e.pos[0], `YAML syntax error: ${e.message}`));
    return undefined;
  }
  return doc;
}

/** Parses, checks and compiles one file's text; problems are appended to `problems`. */
export function compileRuleText(text: string, file: string, schema: FeatureSchema, problems: RuleProblem[]): FileRules {
  const out: FileRules = { file, rules: [], typologies: [], failed: [] };
  const doc = parseText(file, text, problems);
  if (doc === undefined) return out;
  const drafts = readDrafts(file, text, doc, problems);
  for (const draft of drafts.rules) {
    const { locate, ...definition } = draft;
    try {
      const c = compileExpression(draft.expression, schema);
      out.rules.push({ ...definition, predicate: c.predicate, reads: c.reads, texts: c.texts });
    } catch (err) {
      if (!(err instanceof RuleSyntaxError)) throw err;
      out.failed.push(draft.id);
      problems.push({ ...locate(err.offset), message: `${err.reason} (in the expression of rule "${draft.id}")` });
    }
  }
  out.typologies = drafts.typologies;
  return out;
}

function place(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** Joins files into one pack: ids unique across all files, typologies naming only known rules. */
export function combineRuleFiles(files: readonly FileRules[], problems: RuleProblem[]): RulePack {
  const pack: RulePack = { rules: [], typologies: [], files: files.map((f) => f.file) };
  const rules = new Map<string, CompiledRule>();
  const failed = new Set(files.flatMap((f) => f.failed));
  for (const f of files) {
    for (const r of f.rules) {
      const first = rules.get(r.id);
      if (first) problems.push({ ...r.origin, message: `duplicate rule id "${r.id}"; first defined at ${place(first.origin)}` });
      else {
        rules.set(r.id, r);
        pack.rules.push(r);
      }
    }
  }
  const typologies = new Map<string, SourcePosition>();
  for (const f of files) {
    for (const t of f.typologies) {
      const first = typologies.get(t.id);
      if (first) {
        problems.push({ ...t.origin, message: `duplicate typology id "${t.id}"; first defined at ${place(first)}` });
        continue;
      }
      typologies.set(t.id, t.origin);
      const members: TypologyDefinition['rules'] = [];
      const seen = new Set<string>();
      for (const m of t.rules) {
        const rule = rules.get(m.rule);
        if (rule === undefined) {
          if (failed.has(m.rule)) continue;
          problems.push({ ...m.origin, message: `typology "${t.id}" refers to unknown rule "${m.rule}"${didYouMean(m.rule, rules.keys())}` });
        } else if (seen.has(m.rule)) {
          problems.push({ ...m.origin, message: `typology "${t.id}" lists rule "${m.rule}" twice` });
        } else {
          seen.add(m.rule);
          members.push({ rule: m.rule, weight: m.weight ?? rule.weight, origin: m.origin });
        }
      }
      pack.typologies.push({ ...t, rules: members });
    }
  }
  return pack;
}

/** Compiles the text of one rule file into a pack; throws `RuleLoadError` listing every problem. */
export function parseRuleText(text: string, file: string, schema: FeatureSchema): RulePack {
  const problems: RuleProblem[] = [];
  const compiled = compileRuleText(text, file, schema, problems);
  const pack = combineRuleFiles([compiled], problems);
  if (problems.length > 0) throw new RuleLoadError(problems);
  return pack;
}
