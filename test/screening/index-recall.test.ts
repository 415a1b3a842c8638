import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readListCsv, readQueryCsv } from '../../src/screening/list-file.js';
import { ChineseNames } from '../../src/screening/chinese.js';
import type { ScreenEntry, ScreenQuery } from '../../src/screening/entry.js';
import { Screener } from '../../src/screening/screener.js';
import { createRng as prng } from '../../src/ml/prng.js';

const SYL = ['ka', 'ri', 'mo', 'han', 'sel', 'tor', 'vi', 'an', 'dro', 'lu', 'mir', 'sa', 'ben', 'al', 'ou', 'za', 'qi', 'ng', 'ek', 'ho'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳司马';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏志';
const KEYS = 'qwertyuiopasdfghjklzxcvbnm';

function latinName(r: () => number): string {
  const n = 1 + Math.floor(r() * 3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    const k = 1 + Math.floor(r() * 3);
    for (let j = 0; j < k; j++) w += SYL[Math.floor(r() * SYL.length)];
    parts.push(w.toUpperCase());
  }
  if (r() < 0.1) parts.push(KEYS[Math.floor(r() * KEYS.length)].toUpperCase());
  return parts.join(' ');
}

function hanName(r: () => number): string {
  const compound = r() < 0.1;
  const s = compound ? (r() < 0.5 ? '欧阳' : '司马') : SURNAMES[Math.floor(r() * 20)];
  let g = '';
  const k = 1 + Math.floor(r() * 2);
  for (let i = 0; i < k; i++) g += GIVEN[Math.floor(r() * GIVEN.length)];
  return s + g;
}

function typo(r: () => number, s: string): string {
  const i = 1 + Math.floor(r() * Math.max(1, s.length - 1));
  const c = KEYS[Math.floor(r() * KEYS.length)];
  switch (Math.floor(r() * 4)) {
    case 0: return s.slice(0, i) + c + s.slice(i + 1);
    case 1: return s.slice(0, i) + s.slice(i + 1);
    case 2: return s.slice(0, i) + c + s.slice(i);
    default: return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
  }
}

function randomList(r: () => number, n: number): ScreenEntry[] {
  const out: ScreenEntry[] = [];
  for (let i = 0; i < n; i++) {
    const han = r() < 0.5;
    const region = han ? (['CN', 'CN', 'HK', 'TW'] as const)[Math.floor(r() * 4)] : '';
    const dob = r() < 0.7 ? `${1950 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}` : '';
    out.push({ list_id: `L-${i}`, name: han ? hanName(r) : latinName(r), kind: r() < 0.8 ? 'person' : 'entity', aliases: r() < 0.2 ? [latinName(r)] : [], country: region, dob, source: 'random', id_no: '' });
  }
  return out;
}

function randomQuery(r: () => number, list: readonly ScreenEntry[], cn: ChineseNames, id: number): ScreenQuery {
  const e = list[Math.floor(r() * list.length)];
  const dob = r() < 0.5 ? e.dob : r() < 0.5 ? '1971-01-01' : '';
  let name = e.name;
  if (/[\u4e00-\u9fff]/.test(name)) {
    const v = r();
    if (v < 0.4) {
      const py = cn.personPinyin(name);
      const sl = cn.surnameLength(name);
      const s = py.slice(0, sl).join('');
      const g = py.slice(sl).join('');
      name = [`${s} ${g}`, `${g} ${s}`, `${s}${g}`, py.join(' '), typo(r, `${s} ${g}`)][Math.floor(r() * 5)];
    } else if (v < 0.6) name = cn.traditional(name);
    else if (v < 0.8 && name.length >= 3) name = name.slice(0, -1);
  } else {
    const tokens = name.split(' ');
    const v = r();
    if (v < 0.2) name = typo(r, name);
    else if (v < 0.3) name = typo(r, typo(r, name));
    else if (v < 0.5) name = [...tokens].reverse().join(' ');
    else if (v < 0.6 && tokens.length > 1) name = `${tokens[0][0]}. ${tokens.slice(1).join(' ')}`;
    else if (v < 0.7 && tokens.length > 2) name = `${tokens[0]} ${tokens[2]}`;
    else if (v < 0.8) name = `${name} CO., LTD.`;
    else if (v < 0.9) name = latinName(r);
  }
  return { query_id: `Q-${id}`, name, dob };
}

test('the candidate index never loses a match that a full scan finds (random lists and variant queries)', () => {
  const cn = new ChineseNames();
  for (const seed of [1, 2, 3]) {
    const r = prng(seed);
    const list = randomList(r, 400);
    const indexed = new Screener(list, { threshold: 0.8 }, cn);
    const scan = new Screener(list, { threshold: 0.8, fullScan: true }, cn);
    let found = 0;
    for (let i = 0; i < 300; i++) {
      const q = randomQuery(r, list, cn, i);
      const full = scan.screen(q).map((m) => `${m.list_id}@${m.score}`);
      const fast = new Set(indexed.screen(q).map((m) => `${m.list_id}@${m.score}`));
      for (const m of full) assert.ok(fast.has(m), `seed ${seed}: ${q.name} (${q.dob}) lost ${m}`);
      found += full.length;
    }
    assert.ok(found > 100, `seed ${seed}: the queries must find matches (found ${found})`);
  }
});

/** The development set beside the repository, when present. */
function devSet(): string | undefined {
  const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  return [process.env.RINGWATCH_SCREENING_DEV, join(repo, '../shared/datasets/screening_dev'), join(repo, '../../shared/datasets/screening_dev')]
    .find((c): c is string => c !== undefined && existsSync(join(c, 'queries.csv')));
}

const dev = devSet();

test('on the real lists (OFAC SDN + Chinese blacklist) the index finds exactly what a full scan finds', { skip: dev === undefined ? 'development set not found' : false, timeout: 600_000 }, () => {
  const d = dev as string;
  const entries = [...readListCsv(join(d, 'list_sdn.csv')), ...readListCsv(join(d, 'list_cn.csv'))];
  const cn = new ChineseNames();
  const indexed = new Screener(entries, { threshold: 0.8 }, cn);
  const scan = new Screener(entries, { threshold: 0.8, fullScan: true }, cn);
  const queries = readQueryCsv(join(d, 'queries.csv')).filter((_, i) => i % 10 === 0);
  let found = 0;
  for (const q of queries) {
    const full = scan.screen(q).map((m) => `${m.list_id}@${m.score}`);
    assert.deepEqual(indexed.screen(q).map((m) => `${m.list_id}@${m.score}`), full, q.name);
    found += full.length;
  }
  assert.ok(found > 50, `found ${found}`);
});
