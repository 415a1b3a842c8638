import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleText } from '../../src/rules/pack.js';
import { RuleSet, typologyVerdict } from '../../src/rules/ruleset.js';
import { smallSchema, tx, vector } from './helpers.js';

const schema = smallSchema();
const t = tx();

function rule(id: string, expression: string, severity = 'medium', extra = ''): string {
  return `  - id: ${id}
    version: 1
    description: { en: "${id}", zh: "${id}" }
    severity: ${severity}
    expression: "${expression}"
${extra}`;
}

const TEXT = `rules:
${rule('big', 'amount >= 1000')}
${rule('huge', 'amount >= 100000')}
${rule('cash', 'is_cash')}
${rule('young', 'from_new and from_out_sum_24h > 500')}
${rule('lonely', 'amount == 7', 'critical')}
${rule('note', 'amount == 8', 'low')}
${rule('off', 'amount > 0', 'high', '    enabled: false')}
typologies:
  - id: structuring
    version: 1
    description: { en: s, zh: s }
    review: 0.3
    block: 0.8
    rules:
      - { rule: big, weight: 0.3 }
      - { rule: cash, weight: 0.4 }
      - { rule: huge, weight: 0.6 }
      - { rule: off, weight: 1 }
  - id: mule
    version: 1
    description: { en: m, zh: m }
    review: 0.5
    rules:
      - { rule: young, weight: 0.5 }
      - { rule: cash, weight: 0.2 }
`;

const set = (): RuleSet => new RuleSet(parseRuleText(TEXT, 't.yaml', schema));

test('typologyVerdict thresholds are inclusive and tolerate rounding', () => {
  assert.equal(typologyVerdict(0.29, 0.3, 0.8), 'ALLOW');
  assert.equal(typologyVerdict(0.3, 0.3, 0.8), 'REVIEW');
  assert.equal(typologyVerdict(0.79, 0.3, 0.8), 'REVIEW');
  assert.equal(typologyVerdict(0.8, 0.3, 0.8), 'BLOCK');
  assert.equal(typologyVerdict(0.35 + 0.45, 0.3, 0.8), 'BLOCK');
  assert.equal(typologyVerdict(0.1 + 0.2, 0.3, 0.8), 'REVIEW');
  assert.equal(typologyVerdict(1, 0.5, undefined), 'REVIEW', 'no block threshold: never blocks');
});

test('nothing fires: score 0, ALLOW, and the same shared result every time', () => {
  const s = set();
  const quiet = vector(schema, { amount: 10 });
  const a = s.evaluate(quiet, t);
  assert.deepEqual({ ...a }, { score: 0, decision: 'ALLOW', reasons: [], typologies: [] });
  assert.equal(s.evaluate(quiet, t), a, 'no allocation when quiet');
  assert.ok(Object.isFrozen(a));
  assert.deepEqual([...s.hits], [0, 0, 0, 0, 0, 0]);
});

test('one weak rule: typology reviews; score is its weight', () => {
  const r = set().evaluate(vector(schema, { amount: 1000 }), t);
  assert.equal(r.decision, 'REVIEW');
  assert.equal(r.score, 0.3);
  assert.deepEqual(r.typologies, [{ id: 'structuring', score: 0.3, decision: 'REVIEW' }]);
  assert.deepEqual(r.reasons, [{ rule: 'big', typology: 'structuring', weight: 0.3, values: [['amount', 1000]] }]);
});

test('weights add up to block, capped at 1; overall is the max typology and most severe decision', () => {
  const r = set().evaluate(vector(schema, { amount: 200000, is_cash: 1 }), t);
  // structuring: big 0.3 + huge 0.6 + cash 0.4 = 1.3 → 1; mule: cash 0.2 → ALLOW.
  assert.deepEqual(r.typologies, [
    { id: 'structuring', score: 1, decision: 'BLOCK' },
    { id: 'mule', score: 0.2, decision: 'ALLOW' },
  ]);
  assert.equal(r.score, 1);
  assert.equal(r.decision, 'BLOCK');
  // Reasons ordered by weight; "cash" appears once, under the typology where it weighs most.
  assert.deepEqual(r.reasons.map((x) => [x.rule, x.typology, x.weight]), [
    ['huge', 'structuring', 0.6],
    ['cash', 'structuring', 0.4],
    ['big', 'structuring', 0.3],
  ]);
  assert.deepEqual(r.reasons[1].values, [['is_cash', 1]]);
});

test('a no-block typology never blocks, and decisions combine across typologies', () => {
  const r = set().evaluate(vector(schema, { amount: 1000, from_new: 1, from_out_sum_24h: 600 }), t);
  assert.deepEqual(r.typologies, [
    { id: 'structuring', score: 0.3, decision: 'REVIEW' },
    { id: 'mule', score: 0.5, decision: 'REVIEW' },
  ]);
  assert.equal(r.score, 0.5);
  assert.equal(r.decision, 'REVIEW');
  assert.deepEqual(r.reasons[0], { rule: 'young', typology: 'mule', weight: 0.5, values: [['from_new', 1], ['from_out_sum_24h', 600]] });
});

test('rules in no typology stand alone: score = weight, verdict by severity', () => {
  const s = set();
  const critical = s.evaluate(vector(schema, { amount: 7 }), t);
  assert.equal(critical.decision, 'BLOCK');
  assert.equal(critical.score, 1);
  assert.deepEqual(critical.typologies, []);
  assert.deepEqual(critical.reasons, [{ rule: 'lonely', weight: 1, values: [['amount', 7]] }]);
  const low = s.evaluate(vector(schema, { amount: 8 }), t);
  assert.equal(low.decision, 'ALLOW', 'a low rule only explains');
  assert.equal(low.score, 0.25);
  assert.equal(low.reasons.length, 1);
});

test('disabled rules are not evaluated; hit counters count fired rules by position', () => {
  const s = set();
  assert.deepEqual(s.ruleIds, ['big', 'huge', 'cash', 'young', 'lonely', 'note']);
  assert.deepEqual(s.disabled, ['off']);
  s.evaluate(vector(schema, { amount: 1000 }), t);
  s.evaluate(vector(schema, { amount: 200000, is_cash: 1 }), t);
  s.evaluate(vector(schema, { amount: 1 }), t);
  assert.deepEqual([...s.hits], [2, 1, 1, 0, 0, 0]);
  assert.deepEqual(s.hitCounts(), { big: 2, huge: 1, cash: 1, young: 0, lonely: 0, note: 0 });
  s.resetHits();
  assert.deepEqual([...s.hits], [0, 0, 0, 0, 0, 0]);
});

test('scratch state does not leak between evaluations', () => {
  const s = set();
  s.evaluate(vector(schema, { amount: 200000, is_cash: 1 }), t);
  const r = s.evaluate(vector(schema, { amount: 1000 }), t);
  assert.deepEqual(r.typologies, [{ id: 'structuring', score: 0.3, decision: 'REVIEW' }]);
});

test("a rule marked `evidence: party` says so in its reason; other reasons carry no evidence field", () => {
  const text = `rules:
${rule('big', 'amount >= 1000')}
${rule('cash', 'is_cash', 'medium', '    evidence: party')}
`;
  const rs = new RuleSet(parseRuleText(text, 'x.yaml', schema));
  const r = rs.evaluate(vector(schema, { amount: 5000, is_cash: 1 }), t);
  const byRule = new Map(r.reasons.map((x) => [x.rule, x]));
  assert.equal(byRule.get('cash')?.evidence, 'party');
  assert.equal('evidence' in byRule.get('big')!, false);
});
