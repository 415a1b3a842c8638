/** The rules layer: expression language, rule files, typologies and evaluation. */
export { builtinRuleDir } from './builtin.js';
export { compileExpression, compileValue, FUNCTIONS, MAX_EXPRESSION_LENGTH } from './compile.js';
export type { CompiledExpression, CompiledValue, FeatureRead, Predicate, ValueType } from './compile.js';
export { formatProblem, lineColumn, RuleLoadError, RuleSyntaxError, sortProblems } from './errors.js';
export type { RuleProblem } from './errors.js';
export { listRuleFiles, loadRuleFiles, loadRulePack } from './load.js';
export { combineRuleFiles, compileRuleText, parseRuleText } from './pack.js';
export type { FileRules } from './pack.js';
export { parseExpression } from './parser.js';
export type { Node as ExpressionNode } from './ast.js';
export { RuleSet, typologyVerdict } from './ruleset.js';
export type { RuleEvaluation, TypologyResult } from './ruleset.js';
export { RULE_ID, SEVERITIES, SEVERITY_WEIGHT } from './spec.js';
export type { CompiledRule, LocalizedText, RuleDefinition, RulePack, Severity, SourcePosition, TypologyDefinition, TypologyMember } from './spec.js';
