import type { PartyDetails } from '../domain/party.js';
import { Rng } from './prng.js';
import type { DemoAccount } from './types.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
const REGIONS = ['110101', '310104', '440305', '330106', '510107', '420106'];

/**
 * Synthetic KYC records for the demo bank's customers: names, 18-digit ID numbers with a valid
 * check digit, account numbers. Fictitious by construction; they let the dashboard show masking.
 */
export function demoParties(accounts: readonly DemoAccount[], seed: number): PartyDetails[] {
  const rng = new Rng(`ringwatch-demo-parties:${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rng.next() * 10)).join('');
  const out: PartyDetails[] = [];
  for (const a of accounts) {
    if (a.kind === 'cash' || a.kind === 'foreign') continue;
    const account_number = `6222${digits(12)}`;
    if (a.type === 'natural') {
      const surname = pick(SURNAMES);
      const given = pick(GIVEN);
      const birth = `19${50 + Math.floor(rng.next() * 50)}${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}${String(1 + Math.floor(rng.next() * 28)).padStart(2, '0')}`;
      const body = `${pick(REGIONS)}${birth}${digits(3)}`;
      out.push({
        account: a.id, account_number, party_type: 'natural', account_name: surname + given,
        person: { name: surname + given, first_name: given, last_name: surname, id_type: '110001', id_number: body + idCheckDigit(body), nationality: 'CN' },
      } as PartyDetails);
    } else {
      out.push({
        account: a.id, account_number, party_type: 'legal', account_name: `${a.city}${a.id}商贸有限公司`,
        entity: { name: `${a.city}${a.id}商贸有限公司`, registration_number: `91${digits(16)}` },
      } as PartyDetails);
    }
  }
  return out;
}

/** GB 11643 check digit of a 17-digit ID number body. */
function idCheckDigit(body: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return '10X98765432'[s % 11];
}
