import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LEGAL_PARTY_GRADES, NATURAL_ACCOUNT_GRADES, NATURAL_PARTY_GRADES, TRANSACTION_GRADES, accountGrades, gradeLabel, isSensitive,
  partyGrades, transactionGrades,
} from '../../src/security/grades.js';
import {
  FULL_MASK, maskAccount, maskAddress, maskDate, maskEmail, maskIdNumber, maskIp, maskName, maskPhone, maskRecord, maskValue,
} from '../../src/security/masking.js';

test('the documented examples', () => {
  assert.equal(maskIdNumber('110101199003071234'), '110***********1234');
  assert.equal(maskIdNumber('11010119900307123X'), '110***********123X');
  assert.equal(maskIdNumber('110101900307123'), '110********7123');
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+86 13812345678'), '+86 138****5678');
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('John Smith'), 'J*** S****');
  assert.equal(maskName('Jane Ann  Doe'), 'J*** A**  D**');
  assert.equal(maskName('买买提·艾力'), '买**·艾*');
  assert.equal(maskAccount('6222021234567890123'), '***************0123');
  assert.equal(maskEmail('john.smith@example.com'), 'j*********@example.com');
  assert.equal(maskEmail('jane@example.com'), 'j***@example.com');
  assert.equal(maskIp('192.168.10.23'), '192.168.*.*');
  assert.equal(maskIp('::ffff:10.1.2.3'), '::ffff:10.1.*.*');
  assert.equal(maskIp('2001:db8:85a3::8a2e:370:7334'), '2001:db8:*:*:*:*:*:*');
  assert.equal(maskIp('fe80::1%eth0'), 'fe80:0:*:*:*:*:*:*');
  assert.equal(maskIp('::1'), '0:0:*:*:*:*:*:*');
  assert.equal(maskIp('not an ip'), FULL_MASK);
  assert.equal(maskAddress('北京市朝阳区建国路88号'), '北京市朝阳区******');
  assert.equal(maskDate('1990-03-07'), '1990******');
});

test('short and odd values keep at most half, and never everything', () => {
  assert.equal(maskIdNumber(''), '');
  assert.equal(maskIdNumber('1'), '*');
  assert.equal(maskIdNumber('12345'), '***45');
  assert.equal(maskPhone('12345678'), '1****678');
  assert.equal(maskAccount('1234'), '**34');
  assert.equal(maskName('A'), '*');
  assert.equal(maskName('张'), '*');
  assert.equal(maskEmail('@example.com'), '@***********', 'not an address: masked as plain text');
  assert.equal(maskEmail('a@b'), '*@b');
  assert.equal(maskName('👨‍👩‍👧‍👦 Family'), '* F*****', 'an emoji family is one character');
});

test('maskValue: null passes, numbers are masked as text, objects are hidden whole', () => {
  assert.equal(maskValue('account', null), null);
  assert.equal(maskValue('account', undefined), undefined);
  assert.equal(maskValue('account', 6222021234567890), '************7890');
  assert.equal(maskValue('name', { first: 'John' }), FULL_MASK);
  assert.equal(maskValue('full', 'anything'), FULL_MASK);
});

test('maskRecord masks sensitive fields for analyst and auditor, not for supervisor and admin', () => {
  const party = {
    party_id: 'P-0042', party_type: 'natural', name: '张三', id_number: '110101199003071234', phone: '13812345678',
    email: 'zhangsan@example.com', risk_level: 'high', nickname: 'zs', address: null,
  };
  const grades = partyGrades(party.party_type);
  for (const role of ['analyst', 'auditor', 'api_key', 'nobody']) {
    const { record, masked } = maskRecord(party, grades, role);
    assert.deepEqual(record, {
      party_id: 'P-0042', party_type: 'natural', name: '张*', id_number: '110***********1234', phone: '138****5678',
      email: 'z*******@example.com', risk_level: 'high', nickname: FULL_MASK, address: null,
    }, role);
    assert.deepEqual(masked, ['name', 'id_number', 'phone', 'email', 'nickname'], role);
  }
  for (const role of ['supervisor', 'admin']) {
    const { record, masked } = maskRecord(party, grades, role);
    assert.deepEqual(record, party);
    assert.notEqual(record, party, 'always a copy');
    assert.deepEqual(masked, []);
  }
  assert.equal(party.name, '张三', 'the input is untouched');
  const { record } = maskRecord(party, grades, 'analyst', { ungraded: 'keep' });
  assert.equal(record.nickname, 'zs');
});

test('maskRecord on transactions follows the party types; a __proto__ key stays a plain field', () => {
  const tx = { id: 't1', time: 1767225600000, from: '6222021234567890', to: '9558801234567890', amount: 125000, currency: 'CNY',
    channel: 'mobile', from_type: 'natural', to_type: 'legal', ip: '10.20.30.40', phone: '13912345678', device: 'dev-7' };
  const { record, masked } = maskRecord(tx, transactionGrades(tx), 'analyst');
  assert.equal(record.from, '************7890');
  assert.equal(record.to, '9558801234567890', 'a company account is L3');
  assert.equal(record.ip, '10.20.*.*');
  assert.equal(record.amount, 125000);
  assert.deepEqual(masked, ['from', 'ip', 'phone']);
  const hostile = JSON.parse('{"__proto__":{"polluted":true},"name":"李四"}') as Record<string, unknown>;
  const out = maskRecord(hostile, NATURAL_PARTY_GRADES, 'analyst');
  assert.equal(Object.getPrototypeOf(out.record), Object.prototype);
  assert.equal(out.record.name, '李*');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('the grade table: personal identifiers L4, amounts and times L3, channel and currency L2', () => {
  for (const f of ['name', 'id_number', 'phone', 'email', 'address', 'birth_date']) assert.equal(NATURAL_PARTY_GRADES[f].grade, 4, f);
  for (const f of ['from', 'to', 'ip', 'phone']) assert.equal(TRANSACTION_GRADES[f].grade, 4, f);
  for (const f of ['amount', 'time']) assert.equal(TRANSACTION_GRADES[f].grade, 3, f);
  for (const f of ['channel', 'currency', 'id']) assert.equal(TRANSACTION_GRADES[f].grade, 2, f);
  assert.equal(NATURAL_ACCOUNT_GRADES.account_number.grade, 4);
  assert.equal(accountGrades('legal').account_number.grade, 3);
  assert.equal(accountGrades(undefined).account_number.grade, 4, 'unknown holder type: the stricter table');
  assert.equal(LEGAL_PARTY_GRADES.name.grade, 2);
  assert.equal(LEGAL_PARTY_GRADES.legal_representative.grade, 4);
  assert.equal(gradeLabel(4), 'L4');
  assert.equal(isSensitive(TRANSACTION_GRADES.amount), false);
  assert.equal(isSensitive(undefined), false);
  assert.equal(transactionGrades({ from_type: 'natural', to_type: 'natural' }), TRANSACTION_GRADES);
  assert.throws(() => { (TRANSACTION_GRADES as Record<string, unknown>).amount = { grade: 1, mask: 'full' }; });
});
