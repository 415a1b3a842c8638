import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBank } from '../../src/demo/index.js';
import { demoParties } from '../../src/demo/parties.js';

test('demo KYC records: deterministic, one per account the transactions touch, ID numbers with a valid GB 11643 check digit', () => {
  const bank = generateBank({ seed: 5, accounts: 300, days: 10, targetTransactions: 3000 });
  const a = demoParties(bank.accounts, 5);
  assert.deepEqual(a, demoParties(bank.accounts, 5));
  assert.deepEqual(a.map((p) => p.account), bank.accounts.map((x) => x.id), 'customers, branch cash accounts and banks abroad alike');
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const kinds = new Map(bank.accounts.map((x) => [x.id, x.kind]));
  for (const p of a) {
    const kind = kinds.get(p.account);
    if (kind === 'foreign') {
      assert.equal(p.my_client, false);
      assert.match(p.swift!, /^RWFB[A-Z]{2}22$/, 'a bank abroad is named by its SWIFT code');
      continue;
    }
    if (kind === 'cash') {
      assert.equal(p.institution_code, 'C1000000000001', 'a branch cash account is the demo bank\'s own');
      continue;
    }
    assert.equal(p.my_client, true);
    assert.match(p.account_number!, /^6222\d{12}$/);
    assert.match(p.opened!, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(p.client_number && p.branch_code && p.region_code, 'client number, branch and its division');
    if (p.party_type === 'legal') {
      assert.match(p.entity!.registration_number!, /^91\d{6}\d{9}[0-9A-Z]$/);
      assert.ok(p.entity!.legal_representative?.id_number, 'an organisation has a legal representative');
      continue;
    }
    assert.ok(p.person!.phone && p.person!.occupation && p.person!.birthdate, 'phone, occupation, date of birth');
    assert.equal(p.person!.birthdate!.replace(/-/g, ''), p.person!.id_number!.slice(6, 14), 'the date of birth is the one in the ID number');
    const id = p.person?.id_number;
    if (!id) continue;
    assert.match(id, /^\d{17}[\dX]$/);
    const s = w.reduce((acc, k, i) => acc + k * Number(id[i]), 0);
    assert.equal(id[17], '10X98765432'[s % 11]);
  }
});
