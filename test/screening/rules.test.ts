import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jyutpingToHk } from '../../src/screening/cantonese.js';
import { ChineseNames } from '../../src/screening/chinese.js';
import { industryEnglish, learnCities, parseCnCompany } from '../../src/screening/cn-company.js';
import { compareDob, parseDob, parseDobList } from '../../src/screening/dob.js';
import { osaDistance, skeleton } from '../../src/screening/similarity.js';
import { compactHan, foldLatin, normaliseLatin } from '../../src/screening/text.js';
import { pinyinToWadeGiles } from '../../src/screening/wade-giles.js';

const cn = new ChineseNames();

test('width, case, diacritics and pinyin tone marks fold', () => {
  assert.equal(foldLatin('ＺＨＡＮＧ　ＷＥＩＭＩＮＧ'), 'zhang weiming');
  assert.equal(foldLatin('MUÑOZ ÖZTÜRK José'), 'munoz ozturk jose');
  assert.equal(foldLatin('Zhāng Wěimíng Lǚ'), 'zhang weiming lu');
  assert.equal(compactHan('王　凯'), '王凯');
  assert.equal(compactHan('买买提·艾力'), '买买提艾力');
});

test('punctuation, apostrophes and honorifics', () => {
  assert.deepEqual(normaliseLatin("Mr. Sean O'Brien-Smith").tokens, ['sean', 'obrien', 'smith']);
  assert.deepEqual(normaliseLatin('ZHANG, WEIMING').tokens, ['zhang', 'weiming']);
  assert.deepEqual(normaliseLatin('ZHANG/WEIMING').tokens, ['zhang', 'weiming']);
});

test('legal forms are stripped into classes, also misspelt, cut off or in pinyin', () => {
  assert.deepEqual(normaliseLatin('ANGLO-CARIBBEAN CO., LTD.'), { tokens: ['anglo', 'caribbean'], legal: ['ltd'], vessel: false });
  assert.deepEqual(normaliseLatin('Anglo Caribbean Company Limited').legal, ['ltd']);
  assert.deepEqual(normaliseLatin('X TRADING L.L.C.').legal, ['llc']);
  assert.deepEqual(normaliseLatin('X Trading Limited Liability Company').legal, ['llc']);
  assert.deepEqual(normaliseLatin('GRUPO X S.A. DE C.V.').legal, ['sadecv']);
  assert.deepEqual(normaliseLatin('SANZETTA INVESTMENTS LIMITWD').tokens, ['sanzetta', 'investments']);
  assert.deepEqual(normaliseLatin('TRANS MULTI MECHANICS CPO. LTD.').tokens, ['trans', 'multi', 'mechanics']);
  assert.deepEqual(normaliseLatin('BANK PTI').tokens, ['bank', 'pti']);
  assert.deepEqual(normaliseLatin('UNIVISA SOCIEDAD ANONIMA').tokens, ['univisa']);
  assert.deepEqual(normaliseLatin('HEFEI SHI HAOKANG YIYAO YOUXIAN ZEREN GONGSI').legal, ['ltd']);
  assert.deepEqual(normaliseLatin('AVIA GROUP TERMINAL LIMITED LIABILI', undefined, true).tokens, ['avia', 'group', 'terminal']);
  // A name that is only a legal word keeps it.
  assert.deepEqual(normaliseLatin('Limited').tokens, ['limited']);
});

test('vessel prefixes MV, M/V, M.V., MT, M/T are dropped', () => {
  for (const p of ['MV', 'M/V', 'M.V.', 'MT', 'M/T', 'MV.']) assert.deepEqual(normaliseLatin(`${p} OCEAN STAR`, 'vessel').tokens, ['ocean', 'star'], p);
});

test('phonetic skeleton joins romanisation variants and keeps different names apart', () => {
  assert.equal(skeleton('muhammad'), skeleton('mohammed'));
  assert.equal(skeleton('qasim'), skeleton('kassem'));
  assert.equal(skeleton('ivanov'), skeleton('ivanoff'));
  assert.equal(skeleton('khalid'), skeleton('halid'));
  assert.notEqual(skeleton('feng'), skeleton('wang'));
  assert.equal(osaDistance('abdlu', 'abdul'), 1);
  assert.equal(osaDistance('kitten', 'sitting'), 3);
});

test('Wade-Giles by rule (hand-checked)', () => {
  const wg = (s: string): string => s.split(' ').map(pinyinToWadeGiles).join(' ');
  assert.equal(wg('zhang xue liang'), 'chang hsueh liang');
  assert.equal(wg('jiang jie shi'), 'chiang chieh shih');
  assert.equal(wg('li deng hui'), 'li teng hui');
  assert.equal(wg('cai ying wen'), 'tsai ying wen');
  assert.equal(wg('zi ci si ri zhi'), 'tzu tzu ssu jih chih');
  assert.equal(wg('guo rong xiong yi'), 'kuo jung hsiung i');
  assert.equal(wg('qian quan ke'), 'chien chuan ko');
  assert.equal(wg('lv lve'), 'lu lueh');
});

test('Hong Kong romanisation from Jyutping (hand-checked)', () => {
  const hk = (s: string): string => s.split(' ').map(jyutpingToHk).join(' ');
  assert.equal(hk('daai6 man4'), 'tai man');
  assert.equal(hk('ceoi3 ling4'), 'tsui ling');
  assert.equal(hk('zoeng1 hok6 jau5'), 'cheung hok yau');
  assert.equal(hk('si1 zi2 zi3'), 'sze tsz chi');
  assert.equal(hk('waa4 gun1 zan3'), 'wah kwun chun');
  assert.equal(hk('jyut6 jyun4'), 'yuet yuen');
});

test('names romanised per region, with customary HK and Taiwan surnames and compound surnames', () => {
  const forms = (name: string, region: 'CN' | 'HK' | 'TW'): string[] => cn.romanise(name, region).map((r) => `${r.scheme}:${r.surname.join(' ')}|${r.given.join(' ')}`);
  assert.deepEqual(forms('张伟明', 'CN'), ['pinyin:zhang|wei ming']);
  assert.deepEqual(forms('欧阳修', 'CN'), ['pinyin:ou yang|xiu']);
  assert.ok(forms('陳大文', 'HK').includes('hk:chan|tai man'));
  assert.ok(forms('張學良', 'TW').includes('wade-giles:chang|hsueh liang'));
  assert.ok(forms('蔡英文', 'TW').includes('wade-giles:tsai|ying wen'));
  assert.ok(forms('歐陽智生', 'HK').includes('hk:au yeung|chi sang'));
  assert.equal(cn.surnameLength('司马光'), 2);
  assert.equal(cn.surnameLength('马光'), 1);
  assert.deepEqual(forms('吕伟', 'CN'), ['pinyin:lv|wei']);
});

test('simplified and traditional fold both ways', () => {
  assert.equal(cn.simplify('陳明凱'), '陈明凯');
  assert.equal(cn.traditional('马家豪'), '馬家豪');
});

test('valid pinyin is told from a typo', () => {
  assert.ok(cn.isPinyin('zhangweiming'));
  assert.ok(cn.isPinyin('liyaqi'));
  assert.ok(!cn.isPinyin('zbangying'));
  assert.ok(!cn.isPinyin('hsuehliang'));
});

test('Chinese company names parse in every layout and render in English', () => {
  const cities = learnCities(['乌鲁木齐市某某物流有限公司']);
  const a = parseCnCompany('深圳市华信贸易有限公司', cities, cn);
  const b = parseCnCompany('华信贸易（深圳）有限公司', cities, cn);
  const c = parseCnCompany('深圳华信贸易有限公司', cities, cn);
  for (const p of [a, b, c]) {
    assert.ok(p);
    assert.equal(p.city, '深圳');
    assert.equal(p.zihao, '华信');
    assert.equal(p.industry, '贸易');
    assert.equal(p.zihaoPinyin, 'huaxin');
    assert.equal(p.cityPinyin, 'shenzhen');
  }
  const g = parseCnCompany('东莞市信新化工集团有限公司', cities, cn);
  assert.equal(g?.industry, '化工集团');
  assert.deepEqual(industryEnglish('化工集团')[0], ['chemical', 'group']);
  assert.equal(parseCnCompany('张伟明', cities, cn), undefined);
});

test('dates of birth: precision, OFAC ranges, conflicts', () => {
  const list = parseDobList('1958~1960|1970-05');
  assert.equal(compareDob(parseDob('1959-03-02'), list).agreement, 'compatible');
  assert.equal(compareDob(parseDob('1970'), list).agreement, 'compatible');
  assert.equal(compareDob(parseDob('1975-01-01'), list).agreement, 'conflict');
  assert.equal(compareDob(parseDob('1980-01-02'), parseDobList('1980-01-02')).agreement, 'exact');
  assert.equal(compareDob(undefined, list).agreement, 'none');
  assert.equal(compareDob(parseDob('1980-01-02'), []).agreement, 'none');
  assert.equal(parseDob('not a date'), undefined);
});
