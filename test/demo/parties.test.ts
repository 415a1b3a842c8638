import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBank } from '../../src/demo/index.js';
import { demoParties } from '../../src/demo/parties.js';

test('demo KYC records: deterministic, one per customer, ID numbers with a valid GB 11643 check digit', () => {
  const bank = generateBank({ seed: 5, accounts: 300, days: 10, targetTransactions: 3000 });
  const a = demoParties(bank.accounts, 5);
  assert.deepEqual(a, demoParties(bank.accounts, 5));
  assert.equal(a.length, bank.accounts.filter((x) => x.kind !== 'cash' && x.kind !== 'foreign').length);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (const p of a) {
    assert.match(p.account_number!, /^6222\d{12}$/);
    const id = p.person?.id_number;
    if (!id) continue;
    assert.match(id, /^\d{17}[\dX]$/);
    const s = w.reduce((acc, k, i) => acc + k * Number(id[i]), 0);
    assert.equal(id[17], '10X98765432'[s % 11]);
  }
});
