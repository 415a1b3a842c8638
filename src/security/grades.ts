/**
 * Data grades of every field of a party, an account and a transaction — the one table the
 * masking, export and access decisions read.
 *
 * Grades L1 (lowest) … L5 (highest) follow the five security levels of JR/T 0197-2020
 * 《金融数据安全 数据安全分级指南》(Financial data security — Guidelines for data security
 * classification, PBOC), read together with the personal-information categories of JR/T 0171-2020
 * 《个人金融信息保护技术规范》(C3 authentication data, C2 identity/account/transaction data of a
 * person, C1 an institution's internal data about a person) and with GB/T 43697-2024
 * 《数据安全技术 数据分类分级规则》, which asks that sensitive personal information be graded
 * above general personal information (and large volumes of it considered for important data).
 *
 * This project's reading, stricter than the minimum levels those standards give:
 *   L4  sensitive personal data of natural persons: names, ID numbers, phone numbers, e-mail and
 *       street addresses, dates of birth, account numbers, IP addresses — masked for roles without
 *       `pii.unmask`.
 *   L3  personal financial data that identifies no one on its own: amounts, times, balances,
 *       device fingerprints, country; a legal person's account numbers.
 *   L2  internal operational data: ids, channel, currency, party type, status, bank.
 *   L1  public data (none of the fields below).
 *   L5  reserved for important data in the sense of the Data Security Law (e.g. aggregate
 *       datasets); no single field here is L5.
 * Legal persons' (organisations') own attributes are mostly public registry data and graded
 * lower; the natural persons inside them (legal representative) keep the personal grades.
 * A compliance officer should confirm the table against the institution's own catalogue.
 */

export type DataGrade = 1 | 2 | 3 | 4 | 5;

/** How a field is masked when its grade requires it. */
export type MaskKind = 'id_number' | 'phone' | 'name' | 'account' | 'email' | 'ip' | 'address' | 'date' | 'geo' | 'full';

export interface FieldGrade {
  readonly grade: DataGrade;
  readonly mask: MaskKind;
}

export type FieldGrades = Readonly<Record<string, FieldGrade>>;

/** Fields at or above this grade are masked for roles that may not unmask personal data. */
export const SENSITIVE_GRADE: DataGrade = 4;

export function gradeLabel(grade: DataGrade): string {
  return `L${grade}`;
}

export function isSensitive(grade: FieldGrade | undefined): boolean {
  return grade !== undefined && grade.grade >= SENSITIVE_GRADE;
}

const g = (grade: DataGrade, mask: MaskKind = 'full'): FieldGrade => Object.freeze({ grade, mask });
const table = (entries: Record<string, FieldGrade>): FieldGrades => Object.freeze({ ...entries });

// ---- party ------------------------------------------------------------------------------------

export const NATURAL_PARTY_GRADES: FieldGrades = table({
  party_id: g(2),
  party_type: g(2),
  name: g(4, 'name'),
  id_type: g(2),
  id_number: g(4, 'id_number'),
  phone: g(4, 'phone'),
  email: g(4, 'email'),
  address: g(4, 'address'),
  birth_date: g(4, 'date'),
  gender: g(3),
  nationality: g(3),
  occupation: g(3),
  employer: g(3),
  kyc_status: g(3),
  risk_level: g(3),
  registered_at: g(2),
});

export const LEGAL_PARTY_GRADES: FieldGrades = table({
  party_id: g(2),
  party_type: g(2),
  name: g(2),
  // An identifier like an ID number: graded and masked like one (registry data, but it names the party).
  registration_number: g(4, 'id_number'),
  legal_representative: g(4, 'name'),
  legal_representative_id_number: g(4, 'id_number'),
  phone: g(3),
  email: g(3),
  address: g(2),
  industry: g(2),
  kyc_status: g(3),
  risk_level: g(3),
  registered_at: g(2),
});

// ---- account ----------------------------------------------------------------------------------

export const NATURAL_ACCOUNT_GRADES: FieldGrades = table({
  account_id: g(4, 'account'),
  account_number: g(4, 'account'),
  holder_party_id: g(2),
  holder_name: g(4, 'name'),
  account_type: g(2),
  bank: g(2),
  branch: g(2),
  currency: g(2),
  status: g(2),
  opened_at: g(2),
  balance: g(3),
});

export const LEGAL_ACCOUNT_GRADES: FieldGrades = table({
  ...NATURAL_ACCOUNT_GRADES,
  account_id: g(3),
  account_number: g(3),
  holder_name: g(2),
});

// ---- transaction (the fields of domain/transaction.ts) ----------------------------------------

/** Grades for a transaction between two natural persons (the strictest case). */
export const TRANSACTION_GRADES: FieldGrades = table({
  id: g(2),
  time: g(3),
  from: g(4, 'account'),
  to: g(4, 'account'),
  amount: g(3),
  currency: g(2),
  channel: g(2),
  from_type: g(2),
  to_type: g(2),
  device: g(3),
  ip: g(4, 'ip'),
  phone: g(4, 'phone'),
  country: g(3),
  counterparty_bank: g(2),
  purpose: g(2),
  payer_age: g(3),
  geo: g(4, 'geo'),
});

export type PartyKind = 'natural' | 'legal';

/** Party grades by party type; an unknown type gets the natural-person (stricter) table. */
export function partyGrades(type: PartyKind | string | undefined): FieldGrades {
  return type === 'legal' ? LEGAL_PARTY_GRADES : NATURAL_PARTY_GRADES;
}

/** Account grades by the holder's party type; unknown → natural person (stricter). */
export function accountGrades(holderType: PartyKind | string | undefined): FieldGrades {
  return holderType === 'legal' ? LEGAL_ACCOUNT_GRADES : NATURAL_ACCOUNT_GRADES;
}

/**
 * Grades for one transaction: the `from` / `to` account numbers are L3 when that side is a legal
 * person and L4 otherwise (an unknown side counts as a natural person).
 */
export function transactionGrades(tx: { from_type?: string; to_type?: string }): FieldGrades {
  if (tx.from_type !== 'legal' && tx.to_type !== 'legal') return TRANSACTION_GRADES;
  return table({
    ...TRANSACTION_GRADES,
    ...(tx.from_type === 'legal' ? { from: g(3) } : {}),
    ...(tx.to_type === 'legal' ? { to: g(3) } : {}),
  });
}
