import type { EntityDetails, PartyDetails, PersonDetails } from '../domain/party.js';
import { DEMO_INSTITUTION } from './institution.js';
import { Rng } from './prng.js';
import type { DemoAccount } from './types.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
const LATIN_FIRST = ['James', 'Mary', 'David', 'Linda', 'Kenji', 'Emma', 'Lucas', 'Olivia', 'Minho', 'Noah'];
const LATIN_LAST = ['Smith', 'Brown', 'Tanaka', 'Wilson', 'Kim', 'Taylor', 'Müller', 'Lee', 'Martin', 'Walker'];

/** Branch city → name, administrative division (PBOC TRCD/CFRC) and ID-number region prefix. */
const CITIES: Readonly<Record<string, { name: string; region: string }>> = {
  BJ: { name: '北京', region: '110102' },
  SH: { name: '上海', region: '310104' },
  GZ: { name: '广州', region: '440104' },
  SZ: { name: '深圳', region: '440304' },
  HZ: { name: '杭州', region: '330106' },
  CD: { name: '成都', region: '510104' },
  WH: { name: '武汉', region: '420102' },
};
const CITY_KEYS = Object.keys(CITIES);
/** GB/T 6565 major groups for employees and the self-employed, and 99999 (not working). */
const OCCUPATIONS: ReadonlyArray<readonly [string, string]> = [
  ['2', '专业技术人员'], ['3', '办事人员和有关人员'], ['4', '社会生产服务和生活服务人员'], ['6', '生产制造及有关人员'], ['99999', '无业'],
];
/** GB/T 4754 sections of the demo's organisations. */
const INDUSTRY: Readonly<Record<string, readonly [string, string]>> = {
  employer: ['C', '制造'], merchant: ['F', '商贸'], utility: ['D', '公用事业'],
};

function city(a: DemoAccount): { name: string; region: string } {
  return CITIES[a.city] ?? CITIES.BJ;
}

/**
 * Synthetic KYC records for every account the demo's transactions touch, complete enough for a
 * goAML and a PBOC report: the bank's own customers (natural persons with 18-digit ID numbers
 * with a valid check digit, phone, address, occupation; organisations with a unified social
 * credit code, industry, legal representative), the branches' cash accounts, and counterparties
 * abroad with their bank's name and SWIFT code. Fictitious by construction; they let the
 * dashboard show masking and the exports run out of the box.
 */
export function demoParties(accounts: readonly DemoAccount[], seed: number): PartyDetails[] {
  const rng = new Rng(`ringwatch-demo-parties:${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rng.next() * 10)).join('');
  const inst = DEMO_INSTITUTION;

  const chinese = (a: DemoAccount, region: string): PersonDetails => {
    const surname = pick(SURNAMES);
    const given = pick(GIVEN);
    const y = 1950 + Math.floor(rng.next() * 50);
    const m = String(1 + Math.floor(rng.next() * 12)).padStart(2, '0');
    const d = String(1 + Math.floor(rng.next() * 28)).padStart(2, '0');
    const body = `${region}${y}${m}${d}${digits(3)}`;
    const [occupation_code, occupation] = pick(OCCUPATIONS);
    return {
      name: surname + given, first_name: given, last_name: surname, gender: Number(body[16]) % 2 === 1 ? 'M' : 'F',
      birthdate: `${y}-${m}-${d}`, id_type: '110001', id_number: body + idCheckDigit(body), nationality: 'CN', residence: 'CN',
      phone: a.phones[0] ?? `13${digits(9)}`, address: `${city(a).name}市示范路${1 + Math.floor(rng.next() * 300)}号`,
      occupation, occupation_code,
    };
  };

  const out: PartyDetails[] = [];
  for (const a of accounts) {
    const opened = new Date(a.openedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    if (a.kind === 'foreign') {
      const bank = { institution_name: `Demo Bank of ${a.country}`, swift: `RWFB${a.country}22`, country: a.country, currency_code: 'USD' };
      if (a.type === 'natural') {
        const first = pick(LATIN_FIRST);
        const last = pick(LATIN_LAST);
        out.push({
          account: a.id, account_number: `${a.country}${digits(14)}`, party_type: 'natural', my_client: false, account_name: `${first} ${last}`, ...bank,
          person: { name: `${first} ${last}`, first_name: first, last_name: last, id_type: '110027', id_number: `P${digits(8)}`, nationality: a.country, residence: a.country },
        });
      } else {
        const name = `${a.country} Trading ${a.id.slice(-4)} Ltd`;
        out.push({
          account: a.id, account_number: `${a.country}${digits(14)}`, party_type: 'legal', my_client: false, account_name: name, ...bank,
          entity: { name, registration_number: `${a.country}${digits(8)}`, id_type: '629999', id_type_other: 'foreign business registration', incorporation_country_code: a.country },
        });
      }
      continue;
    }
    const c = city(a);
    const branch = `${inst.institution_code}${CITY_KEYS.indexOf(a.city) + 1}`;
    const held = { branch_code: branch, region_code: c.region, branch: `${c.name}分行`, country: 'CN', opened };
    if (a.kind === 'cash') {
      const name = `${inst.institution_name}${c.name}${a.id.slice(-2)}营业部现金`;
      out.push({
        account: a.id, account_number: `1000${digits(12)}`, party_type: 'legal', my_client: false, account_name: name,
        institution_name: inst.institution_name, institution_code: inst.institution_code, account_type_code: '629999', ...held,
        entity: { name, registration_number: inst.institution_code, id_type: '610003', incorporation_country_code: 'CN' },
      });
      continue;
    }
    const account_number = `6222${digits(12)}`;
    if (a.type === 'natural') {
      const person = chinese(a, c.region);
      out.push({
        account: a.id, account_number, party_type: 'natural', my_client: true, account_name: person.name, client_number: `KH${a.id.slice(1)}`,
        account_type_code: '120001', status_code: 'A', ...held, person,
      });
    } else {
      const [industry_code, trade] = INDUSTRY[a.kind] ?? ['L', '商务服务'];
      const name = `${c.name}${a.id}${trade}有限公司`;
      const rep = chinese(a, c.region);
      const entity: EntityDetails = {
        name, registration_number: `91${c.region}${digits(9)}${'0123456789ABCDEFGHJKLMNPQRTUWXY'[Math.floor(rng.next() * 31)]}`, id_type: '610099',
        incorporation_country_code: 'CN', industry_code, phone: `0${20 + CITY_KEYS.indexOf(a.city)}-${digits(8)}`,
        address: `${c.name}市示范工业园${1 + Math.floor(rng.next() * 90)}号`, incorporation_date: opened,
        legal_representative: rep, controller: { name: rep.name, id_type: rep.id_type, id_number: rep.id_number },
      };
      out.push({
        account: a.id, account_number, party_type: 'legal', my_client: true, account_name: name, client_number: `KH${a.id.slice(1)}`,
        account_type_code: '620001', status_code: 'A', ...held, entity,
      });
    }
  }
  return out;
}

/** GB 11643 check digit of a 17-digit ID number body. */
export function idCheckDigit(body: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return '10X98765432'[s % 11];
}
