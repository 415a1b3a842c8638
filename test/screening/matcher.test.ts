import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChineseNames } from '../../src/screening/chinese.js';
import type { ScreenEntry } from '../../src/screening/entry.js';
import { Screener } from '../../src/screening/screener.js';

const cn = new ChineseNames();
const entry = (list_id: string, name: string, extra: Partial<ScreenEntry> = {}): ScreenEntry => ({
  list_id, name, kind: 'person', aliases: [], country: '', dob: '', source: 'test', id_no: '', ...extra,
});

const LIST: ScreenEntry[] = [
  entry('CN-1', '张伟明', { country: 'CN', dob: '1980-05-01' }),
  entry('CN-2', '吴婷秀', { country: 'CN', dob: '1969-01-21' }),
  entry('CN-3', '胡小珍', { country: 'CN', dob: '1994-01-15' }),
  entry('CN-4', '欧阳志远', { country: 'CN', dob: '1975-03-03' }),
  entry('CN-5', '林雅琪', { country: 'CN', dob: '1955-03-07' }),
  entry('CN-6', '陳大文', { country: 'HK', dob: '1970-01-01' }),
  entry('CN-7', '張學良', { country: 'TW', dob: '1961-06-03' }),
  entry('CN-8', '深圳市华信贸易有限公司', { kind: 'entity', country: 'CN' }),
  entry('CN-9', '嘉隆能源有限公司', { kind: 'entity', country: 'HK', aliases: ['Ka Lung Energy Limited'] }),
  entry('SDN-1', 'DJIBO, Ousmane Illiassou', { dob: '1961-02-02' }),
  entry('SDN-2', 'AL-TIKRITI, Omar Sabawi Ibrahim Hasan'),
  entry('SDN-3', 'ANGLO-CARIBBEAN CO., LTD.', { kind: 'entity' }),
  entry('SDN-4', 'OCEAN STAR', { kind: 'vessel' }),
  entry('SDN-5', 'LOPEZ GOMEZ, Roberto'),
  entry('SDN-6', 'BANK OF KUNLUN', { kind: 'entity' }),
];
const screener = new Screener(LIST, { threshold: 0.8 }, cn);
const ids = (name: string, extra: { dob?: string; country?: string; id_no?: string } = {}): string[] =>
  screener.screen({ query_id: 'q', name, ...extra }).map((m) => m.list_id);

test('pinyin in every layout finds a mainland Han name', () => {
  for (const q of ['Zhang Weiming', 'Zhāng Wěimíng', 'ZHANGWEIMING', 'zhang wei ming', 'Weiming Zhang', 'Wei-ming Zhang', 'ZHANG, WEIMING', 'ＺＨＡＮＧ　ＷＥＩＭＩＮＧ', 'Zhang Wei-Ming', 'Zbang Weiming']) {
    assert.deepEqual(ids(q), ['CN-1'], q);
  }
  assert.deepEqual(ids('Ou-Yang Zhiyuan'), ['CN-4']);
  assert.deepEqual(ids('OUYANG ZHI YUAN'), ['CN-4']);
});

test('Han script: simplified/traditional, spacing, exact', () => {
  assert.deepEqual(ids('張偉明'), ['CN-1']);
  assert.deepEqual(ids('张　伟明'), ['CN-1']);
  assert.deepEqual(ids('陈大文'), ['CN-6']);
});

test('Hong Kong and Wade-Giles romanisations are derived without aliases', () => {
  for (const q of ['CHAN TAI MAN', 'Chan Tai-man', 'Tai Man Chan']) assert.deepEqual(ids(q), ['CN-6'], q);
  for (const q of ['Chang Hsueh-liang', 'CHANG HSUEH LIANG', 'Hsueh-liang Chang', 'Chang Hsuehliang']) assert.deepEqual(ids(q), ['CN-7'], q);
});

test('homophone rule: a homophone given-name character is a match only with the DOB', () => {
  const withDob = screener.screen({ query_id: 'q', name: '吴廷秀', dob: '1969-01-21' });
  assert.deepEqual(withDob.map((m) => m.list_id), ['CN-2']);
  assert.match(withDob[0].reasons.join('; '), /homophone 廷\/婷/);
  assert.match(withDob[0].reasons.join('; '), /dob agrees/);
  assert.deepEqual(ids('吴廷秀'), []);
  assert.deepEqual(ids('吴廷秀', { dob: '1972-06-01' }), []);
  // Not a homophone: another character entirely is another person, DOB or not.
  assert.deepEqual(ids('吴明秀', { dob: '1969-01-21' }), []);
});

test('dropped-character rule: one given-name character missing needs the DOB; the surname never drops', () => {
  assert.deepEqual(ids('胡珍', { dob: '1994-01-15' }), ['CN-3']);
  assert.deepEqual(ids('胡珍'), []);
  assert.deepEqual(ids('小珍', { dob: '1994-01-15' }), []);
});

test('namesake rule: the same name with a conflicting DOB is another person, with the reason', () => {
  assert.deepEqual(ids('张伟明', { dob: '1990-02-02' }), []);
  const low = screener.screen({ query_id: 'q', name: '张伟明', dob: '1990-02-02' }, 0);
  assert.match(low[0].reasons.join('; '), /dob conflicts: query 1990-02-02, list 1980-05-01/);
  assert.deepEqual(ids('Zhang Weiming', { dob: '1990-02-02' }), []);
  assert.deepEqual(ids('DJIBO, Ousmane Illiassou', { dob: '1970-01-01' }), []);
  assert.deepEqual(ids('DJIBO, Ousmane Illiassou', { dob: '1961' }), ['SDN-1']);
});

test('valid pinyin one letter away is another name unless the date of birth agrees', () => {
  assert.deepEqual(ids('Li Yaqi'), []);
  assert.deepEqual(ids('Lin Yaqi'), ['CN-5']);
  assert.deepEqual(ids('Zhang Weimin'), []);
  const near = screener.screen({ query_id: 'q', name: 'Zhang Weimin', dob: '1980-05-01' });
  assert.deepEqual(near.map((m) => m.list_id), ['CN-1']);
  assert.match(near[0].reasons.join('; '), /valid pinyin one letter off.*dob agrees/);
});

test('Hong Kong English names with initials match the registered alias', () => {
  const hk = new Screener([entry('CN-1', '江錦基', { country: 'HK', aliases: ['KONG, Kam Kei', 'KONG, Raymond Kam Kei'] })], {}, cn);
  for (const q of ['Raymond K.K. Kong', 'KONG Kam Kei, Raymond', 'Raymond Kong Kam Kei']) assert.deepEqual(hk.screen({ query_id: 'q', name: q }).map((m) => m.list_id), ['CN-1'], q);
});

test('Chinese companies: layouts, English and pinyin renderings; same 字号 elsewhere is another company', () => {
  for (const q of ['华信贸易（深圳）有限公司', '深圳华信贸易有限公司', 'SHENZHEN HUAXIN TRADING CO., LTD.', 'Huaxin Trading (Shenzhen) Co., Ltd.', 'Shenzhen Shi Huaxin Maoyi Youxian Gongsi']) {
    assert.deepEqual(ids(q), ['CN-8'], q);
  }
  assert.deepEqual(ids('广州市华信贸易有限公司'), []);
  assert.deepEqual(ids('深圳市华信物流有限公司'), []);
  assert.deepEqual(ids('BEIJING HUAXIN TRADING CO., LTD.'), []);
  assert.deepEqual(ids('Ka Lung Energy Co., Ltd.'), ['CN-9']);
});

test('Latin names: order, initials, dropped middle name, legal and vessel forms, typos', () => {
  assert.deepEqual(ids('Ousmane Illiassou DJIBO'), ['SDN-1']);
  assert.deepEqual(ids('O. I. DJIBO'), ['SDN-1']);
  assert.deepEqual(ids('O. S. I. H. AL-TIKRITI'), ['SDN-2']);
  assert.deepEqual(ids('Umar Sabawi Ibrahim Hasan al Tikriti'), ['SDN-2']);
  assert.deepEqual(ids('LOPEZ, Roberto'), ['SDN-5']);
  assert.deepEqual(ids('Anglo Caribbean Company Limited'), ['SDN-3']);
  assert.deepEqual(ids('M/V OCEAN STAR'), ['SDN-4']);
  assert.deepEqual(ids('DJIBO, Ousmane Iliassou'), ['SDN-1']);
  assert.deepEqual(ids('BANK OF KUNMING'), []);
  assert.deepEqual(ids('DJIBO, Ibrahim'), []);
});

test('scores are in [0,1], carry reasons, and rank a full match above a partial one', () => {
  const all = screener.screen({ query_id: 'q', name: 'Zhang Weiming', dob: '1980-05-01', country: 'CN' }, 0);
  assert.equal(all[0].list_id, 'CN-1');
  for (const m of all) {
    assert.ok(m.score >= 0 && m.score <= 1);
    assert.ok(m.reasons.length > 0);
  }
  assert.match(all[0].reasons.join('; '), /dob agrees 1980-05-01; country agrees CN/);
  const noDob = screener.screen({ query_id: 'q', name: 'Zhang Weiming' })[0];
  assert.ok(all[0].score > noDob.score);
});

test('id numbers raise or lower the score', () => {
  const s = new Screener([entry('CN-1', '张伟明', { id_no: '440305********123X' })], {}, cn);
  const base = s.screen({ query_id: 'q', name: '张伟明' })[0].score;
  const same = s.screen({ query_id: 'q', name: '张伟明', id_no: '440305198005011234X'.slice(0, 14) + '123X' })[0];
  assert.ok(same.score > base);
  assert.match(same.reasons.join(';'), /id number agrees/);
  assert.deepEqual(s.screen({ query_id: 'q', name: '张伟明', id_no: '110101199001011111' }), []);
});
