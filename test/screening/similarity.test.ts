import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/ml/prng.js';
import { mayBeWithin, osaDistance, tokenSim, withinOneEdit } from '../../src/screening/similarity.js';

/** Random short strings over a small alphabet, so edits, repeats and transpositions are common. */
function words(seed: number, n: number): Array<[string, string]> {
  const rnd = createRng(seed);
  const word = (): string => Array.from({ length: Math.floor(rnd() * 8) }, () => 'abc'[Math.floor(rnd() * 3)]).join('');
  return Array.from({ length: n }, () => {
    const a = word();
    let b = rnd() < 0.5 ? word() : a;
    if (b.length > 0 && rnd() < 0.7) {
      const i = Math.floor(rnd() * b.length);
      b = rnd() < 0.5 ? b.slice(0, i) + b.slice(i + 1) : b.slice(0, i) + 'abc'[Math.floor(rnd() * 3)] + b.slice(i + 1);
    }
    return [a, b];
  });
}

test('withinOneEdit agrees with the OSA distance on random strings (substitution, insertion, deletion, transposition)', () => {
  for (const seed of [1, 2, 3]) {
    for (const [a, b] of words(seed, 20_000)) assert.equal(withinOneEdit(a, b), osaDistance(a, b, 1) <= 1, `${a} / ${b}`);
  }
});

test('mayBeWithin never rules out strings the OSA distance puts within k edits', () => {
  let ruledOut = 0;
  for (const [a, b] of words(4, 30_000)) {
    for (const k of [1, 2, 3]) {
      if (osaDistance(a, b) <= k) assert.ok(mayBeWithin(a, b, k), `${a} / ${b} within ${k}`);
      else if (!mayBeWithin(a, b, k)) ruledOut++;
    }
  }
  assert.ok(ruledOut > 0, 'the test also rules some pairs out');
  assert.equal(mayBeWithin('abcdef', 'uvwxyz', 2), false, 'six letters to replace');
});

test('osaDistance: hand-checked values, and the early stop above max', () => {
  assert.equal(osaDistance('muhammad', 'mohammed'), 2);
  assert.equal(osaDistance('abcd', 'acbd'), 1, 'one transposition');
  assert.equal(osaDistance('', 'abc'), 3);
  assert.equal(osaDistance('kitten', 'sitting', 1), 2, 'above max: max + 1');
});

test('tokenSim answers are shared for the common outcomes and never confuse them', () => {
  const opt = { truncatedTail: false, phonetic: true, skeleton: (t: string) => t };
  assert.deepEqual(tokenSim('wei', 'wei', opt), { sim: 1, how: 'exact', edits: 0 });
  assert.deepEqual(tokenSim('w', 'wei', opt), { sim: 0.9, how: 'initial', edits: 0 });
  assert.deepEqual(tokenSim('x', 'wei', opt), { sim: 0, how: 'none', edits: 0 });
  assert.equal(tokenSim('lee', 'rhee', opt).how, 'phonetic', 'a romanisation group');
  const edit = tokenSim('weiming', 'weimin', opt);
  assert.equal(edit.how, 'edit');
  assert.equal(edit.edits, 1);
  assert.equal(tokenSim('zhang', 'zhang', opt), tokenSim('li', 'li', opt), 'the exact answer is one shared object');
});
