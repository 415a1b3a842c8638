import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureSchema } from '../domain/feature-schema.js';
import { RuleLoadError, type RuleProblem } from './errors.js';
import { combineRuleFiles, compileRuleText, type FileRules } from './pack.js';
import { RuleSet } from './ruleset.js';
import type { RulePack } from './spec.js';

/** Reads rule files from disk (the one place in the rules layer that does I/O). */

const RULE_FILE = /\.(ya?ml|json)$/i;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Expands paths into rule files: a file stands for itself (whatever its extension; `.json` is
 * read as strict JSON, anything else as YAML), a directory for its .yaml/.yml/.json files
 * (not recursive), sorted by name. A file named twice is read once.
 */
export function listRuleFiles(paths: readonly string[], problems: RuleProblem[] = []): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string): void => {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) {
        const names = readdirSync(p).filter((n) => RULE_FILE.test(n)).sort();
        for (const n of names) if (!statSync(join(p, n)).isDirectory()) add(join(p, n));
      } else add(p);
    } catch (err) {
      problems.push({ file: p, line: 1, column: 1, message: `cannot read rule path: ${errorText(err)}` });
    }
  }
  return out;
}

/**
 * Loads and compiles rule files and directories into one pack. Every problem in every file is
 * collected; if there is any, throws one `RuleLoadError` naming file, line and column for each.
 */
export function loadRulePack(paths: readonly string[], schema: FeatureSchema): RulePack {
  const problems: RuleProblem[] = [];
  const compiled: FileRules[] = [];
  for (const file of listRuleFiles(paths, problems)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file, line: 1, column: 1, message: `cannot read rule file: ${errorText(err)}` });
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    compiled.push(compileRuleText(text, file, schema, problems));
  }
  const pack = combineRuleFiles(compiled, problems);
  if (problems.length > 0) throw new RuleLoadError(problems);
  return pack;
}

/** Loads rule files and directories (see `loadRulePack`) into a ready-to-evaluate RuleSet. */
export function loadRuleFiles(paths: readonly string[], schema: FeatureSchema): RuleSet {
  return new RuleSet(loadRulePack(paths, schema));
}
