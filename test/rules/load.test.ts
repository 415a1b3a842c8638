import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleLoadError } from '../../src/rules/errors.js';
import { listRuleFiles, loadRuleFiles, loadRulePack } from '../../src/rules/load.js';
import { parseRuleText } from '../../src/rules/pack.js';
import { smallSchema, vector, tx } from './helpers.js';

const schema = smallSchema();

/** A rule file with one rule whose `expression:` line is line 6, written as `exprLine`. */
function oneRule(exprLine: string, extra = ''): string {
  return [
    'rules:',
    '  - id: r1',
    '    version: 1',
    '    description: { en: "Big", zh: "大额" }',
    '    severity: high',
    exprLine,
    extra,
  ].join('\n');
}

function loadError(text: string, file = 'rules/x.yaml'): RuleLoadError {
  try {
    parseRuleText(text, file, schema);
  } catch (e) {
    assert.ok(e instanceof RuleLoadError, String(e));
    return e;
  }
  assert.fail('expected a RuleLoadError');
}

test('valid file: fields, defaults, member weights and positions', () => {
  const text = `${oneRule('    expression: amount > 100')}
  - id: r2
    version: 3
    description: { en: "Cash", zh: "现金" }
    severity: low
    weight: 0.1
    enabled: false
    evidence: party
    expression: "is_cash"
typologies:
  - id: t1
    version: 2
    description: { en: T, zh: 类型 }
    review: 0.5
    rules: [r1, { rule: r2, weight: 0.2 }]
`;
  const pack = parseRuleText(text, 'x.yaml', schema);
  assert.deepEqual(pack.files, ['x.yaml']);
  const [r1, r2] = pack.rules;
  assert.equal(r1.id, 'r1');
  assert.equal(r1.weight, 0.75, 'high severity defaults to 0.75');
  assert.equal(r1.enabled, true);
  assert.equal(r1.evidence, 'transfer', 'a hit is transfer evidence unless the rule says otherwise');
  assert.deepEqual(r1.description, { en: 'Big', zh: '大额' });
  assert.deepEqual(r1.origin, { file: 'x.yaml', line: 2, column: 5 });
  assert.equal(r1.predicate(vector(schema, { amount: 101 }), tx()), true);
  assert.deepEqual(r1.reads, [{ name: 'amount', index: 0 }]);
  assert.equal(r2.enabled, false);
  assert.equal(r2.weight, 0.1);
  assert.equal(r2.version, 3);
  assert.equal(r2.evidence, 'party');
  const [t1] = pack.typologies;
  assert.equal(t1.block, undefined);
  assert.deepEqual(t1.rules.map((m) => [m.rule, m.weight]), [['r1', 0.75], ['r2', 0.2]]);
  assert.deepEqual(t1.rules[1].origin, { file: 'x.yaml', line: 21, column: 25 });
});

test('expression errors map to file line and column: plain, double- and single-quoted scalars', () => {
  // "    expression: " is 16 characters, so the expression starts at column 17 of line 6.
  const plain = loadError(oneRule('    expression: amount > 1 and amout > 2'));
  assert.equal(plain.problems.length, 1);
  assert.deepEqual([plain.file, plain.line, plain.column], ['rules/x.yaml', 6, 32]);
  assert.match(plain.message, /^rules\/x\.yaml:6:32: unknown feature "amout" \(did you mean "amount"\?\) \(in the expression of rule "r1"\)$/);

  const dq = loadError(oneRule('    expression: "amount > 1 and amout > 2"'));
  assert.deepEqual([dq.line, dq.column], [6, 33]);

  // '' inside a single-quoted scalar is one quote in the value and two characters in the file.
  const sq = loadError(oneRule("    expression: 'channel == ''x'' and amout > 1'"));
  assert.deepEqual([sq.line, sq.column], [6, 39]);

  const syntax = loadError(oneRule('    expression: amount >'));
  assert.deepEqual([syntax.line, syntax.column], [6, 25]);
  assert.match(syntax.message, /end of expression/);
});

test('expression errors inside block scalars point at the right line', () => {
  const literal = loadError(oneRule('    expression: |\n      amount > 1\n      and amout > 2'));
  assert.deepEqual([literal.line, literal.column], [8, 11]);
  const folded = loadError(oneRule('    expression: >-\n      amount > 1\n      and amout > 2'));
  assert.deepEqual([folded.line, folded.column], [8, 11]);
  const type = loadError(oneRule('    expression: >-\n      amount > 1 and\n      channel > 2'));
  assert.deepEqual([type.line, type.column], [8, 15]);
  assert.match(type.message, /cannot compare a text value with a number/);
});

test('YAML syntax errors name file, line and column', () => {
  const e = loadError('rules:\n  - id: r1\n    description: "abc\n', 'bad.yaml');
  assert.equal(e.file, 'bad.yaml');
  assert.equal(e.line, 4);
  assert.match(e.message, /^bad\.yaml:4:1: YAML syntax error: Missing closing "quote/);
  const tab = loadError('rules:\n\t- id: r1\n', 'tab.yaml');
  assert.deepEqual([tab.line, tab.column], [2, 1]);
  assert.match(tab.message, /Tabs/);
  const dup = loadError(oneRule('    expression: amount > 1', '    severity: low'));
  assert.match(dup.message, /x\.yaml:7:5: YAML syntax error: Map keys must be unique/);
});

test('schema errors are all reported, in file order, each with its position', () => {
  const e = loadError(`rules:
  - id: R1
    version: "1"
    severity: hihg
    weight: 1.5
    expresion: amount > 1
    description: {en: x}
    enabled: yes
    evidence: pary
typologies:
  - id: t
    version: 1
    description: {en: a, zh: b}
    review: 0.8
    block: 0.5
    rules: [r1]
`);
  const lines = e.message.split('\n');
  assert.deepEqual(lines, [
    'rules/x.yaml:2:5: a rule is missing "expression"',
    'rules/x.yaml:2:9: id "R1" must be 1–128 characters of a-z, 0-9, "_", "." and "-"',
    'rules/x.yaml:3:14: "version" in a rule must be an integer, got "1"',
    'rules/x.yaml:4:15: severity must be one of low, medium, high, critical, got "hihg" (did you mean "high"?)',
    'rules/x.yaml:5:13: "weight" in a rule must be a number from 0 to 1, got 1.5',
    'rules/x.yaml:6:5: unknown field "expresion" in a rule (did you mean "expression"?); expected id, version, description, severity, weight, expression, enabled, evidence',
    'rules/x.yaml:7:18: the description of a rule is missing "zh"',
    'rules/x.yaml:8:14: "enabled" in a rule must be true or false',
    'rules/x.yaml:9:15: evidence must be one of transfer, party, got "pary" (did you mean "party"?)',
    'rules/x.yaml:15:12: in typology "t" the review threshold (0.8) must be below the block threshold (0.5)',
  ]);
  assert.equal(e.problems.length, lines.length);
});

test('a file must hold rules and/or typologies', () => {
  assert.match(loadError('{}').message, /:1:1: a rule file needs "rules:" and\/or "typologies:"/);
  assert.match(loadError('').message, /:1:1: a rule file must be a mapping/);
  assert.match(loadError('rule: []').message, /unknown field "rule" in a rule file \(did you mean "rules"\?\)/);
  assert.match(loadError('rules: {a: 1}').message, /:1:8: "rules" in the file must be a list/);
});

test('typologies must name known rules, each once', () => {
  const text = `${oneRule('    expression: amount > 1')}
typologies:
  - id: t
    version: 1
    description: {en: a, zh: b}
    review: 0.3
    rules:
      - r1
      - { rule: r2 }
      - { rule: r1, weight: 0.1 }
`;
  const e = loadError(text);
  assert.deepEqual(e.message.split('\n'), [
    'rules/x.yaml:15:17: typology "t" refers to unknown rule "r2" (did you mean "r1"?)',
    'rules/x.yaml:16:17: typology "t" lists rule "r1" twice',
  ]);
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ringwatch-rules-'));
}

test('directories load their rule files sorted by name; JSON works too', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'b.yaml'), oneRule('    expression: amount > 1').replace('r1', 'b_rule'));
    writeFileSync(join(dir, 'a.yml'), oneRule('    expression: amount > 2').replace('r1', 'a_rule'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({
      rules: [{ id: 'c_rule', version: 1, description: { en: 'c', zh: '丙' }, severity: 'low', expression: 'is_cash' }],
      typologies: [{ id: 'ct', version: 1, description: { en: 'c', zh: '丙' }, review: 0.1, block: 0.5, rules: [{ rule: 'a_rule', weight: 0.5 }, { rule: 'c_rule' }] }],
    }, null, 2));
    writeFileSync(join(dir, 'notes.txt'), 'not a rule file');
    mkdirSync(join(dir, 'sub.yaml'));
    assert.deepEqual(listRuleFiles([dir]).map((p) => p.slice(dir.length + 1)), ['a.yml', 'b.yaml', 'c.json']);
    const pack = loadRulePack([dir, join(dir, 'a.yml')], schema);
    assert.deepEqual(pack.rules.map((r) => r.id), ['a_rule', 'b_rule', 'c_rule']);
    assert.deepEqual(pack.typologies[0].rules.map((m) => m.weight), [0.5, 0.25]);
    const set = loadRuleFiles([dir], schema);
    assert.deepEqual(set.ruleIds, ['a_rule', 'b_rule', 'c_rule']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('duplicate ids across files name both files', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, '1.yaml'), oneRule('    expression: amount > 1'));
    writeFileSync(join(dir, '2.yaml'), '# same id again\n' + oneRule('    expression: amount > 2'));
    assert.throws(() => loadRulePack([dir], schema), (e: unknown) => {
      assert.ok(e instanceof RuleLoadError);
      assert.equal(e.problems.length, 1);
      assert.equal(e.message, `${join(dir, '2.yaml')}:3:5: duplicate rule id "r1"; first defined at ${join(dir, '1.yaml')}:2:5`);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('problems from several files are collected; missing paths and bad JSON are reported', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'bad.json'), '{"rules": [\n  {"id": "x",}\n]}');
    writeFileSync(join(dir, 'ok.yaml'), oneRule('    expression: amount > nope'));
    assert.throws(() => loadRulePack([dir, join(dir, 'missing.yaml')], schema), (e: unknown) => {
      assert.ok(e instanceof RuleLoadError);
      const msgs = e.problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.column}`);
      assert.deepEqual(msgs, ['missing.yaml:1:1', 'bad.json:2:14', 'ok.yaml:6:26']);
      assert.match(e.message, /invalid JSON/);
      assert.match(e.message, /cannot read rule path/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule that fails to compile is reported once, not again by the typologies naming it', () => {
  const text = `${oneRule('    expression: amount > nope')}
typologies:
  - id: t
    version: 1
    description: {en: a, zh: b}
    review: 0.3
    rules: [r1]
`;
  const e = loadError(text);
  assert.equal(e.problems.length, 1);
  assert.match(e.message, /unknown feature "nope"/);
});
