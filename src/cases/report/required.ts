import { isoTime } from '../case.js';
import { isRate } from './format.js';
import {
  codeFor, indicatorCodes, narrative, present, reportTransactions, resolveSide, type ReportInput, type ReportTransaction, type ResolvedSide,
} from './input.js';
import { identityOf, labelled, methodOf, pbocRows, pbocSubjects } from './pboc-fields.js';

/**
 * Required fields, checked before any export: each returns the list of what is missing, one
 * sentence per field naming it (`reporting_person.last_name is required`,
 * `transaction T123: from_account.account is required`). An export refuses to run while the list
 * is not empty.
 */

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function txPrefix(tx: ReportTransaction): string {
  return `transaction ${tx.id}: `;
}

/** Whether a date input is usable; pushes a problem when not. */
function checkDate(value: Date | string, out: string[]): void {
  try {
    isoTime(value, 'submission_date');
  } catch {
    out.push('submission_date is required (a valid date-time)');
  }
}

/** What a goAML account element needs for one side of a transaction (the schema's my-client rules for the institution's clients). */
function checkGoamlSide(input: ReportInput, tx: ReportTransaction, s: ResolvedSide, out: string[], masked: boolean): void {
  const p = txPrefix(tx);
  const acct = `${s.side}_account`;
  const codes = input.institution.goaml;
  if (codeFor(codes?.funds, tx.channel) === undefined) {
    out.push(tx.channel === null
      ? `${p}${s.side}_funds_code is required (the transaction's channel is unknown: capture the transaction in the case evidence)`
      : `${p}${s.side}_funds_code is required (no institution.goaml.funds code for channel "${tx.channel}")`);
  }
  if (s.institution_name === undefined) out.push(`${p}${acct}.institution_name is required`);
  if (s.institution_code === undefined && s.swift === undefined) out.push(`${p}${acct}.institution_code is required (or ${acct}.swift)`);
  if (present(s.account_number) === undefined) out.push(`${p}${acct}.account is required`);
  if (!CURRENCY.test(s.currency_code)) out.push(`${p}${acct}.currency_code must be an ISO 4217 code, got "${s.currency_code}"`);
  const party = s.party;
  if (s.my_client) {
    if (s.party_type === 'legal' && present(party?.entity?.name) === undefined && present(party?.account_name) === undefined) out.push(`${p}${acct}.t_entity.name is required`);
    if (s.branch === undefined) out.push(`${p}${acct}.branch is required (the party's branch or institution.rentity_branch)`);
    if (present(party?.account_name) === undefined && present(party?.entity?.name) === undefined) out.push(`${p}${acct}.account_name is required`);
    if (present(party?.client_number) === undefined) out.push(`${p}${acct}.client_number is required`);
    if (present(party?.personal_account_type) === undefined && present(codes?.account_type) === undefined) out.push(`${p}${acct}.personal_account_type is required (set institution.goaml.account_type)`);
    if (present(codes?.account_status) === undefined) out.push(`${p}${acct}.status_code is required (set institution.goaml.account_status)`);
    const opened = present(party?.opened);
    if (opened === undefined || !DATE.test(opened)) out.push(`${p}${acct}.opened is required (the party's opened date, YYYY-MM-DD)`);
    const who = s.party_type === 'legal' ? party?.entity?.legal_representative : party?.person;
    const sig = `${acct}.signatory.t_person`;
    if (s.party_type === 'legal' && who === undefined) out.push(`${p}${acct}.signatory is required (the organisation's legal_representative)`);
    else {
      if (present(who?.first_name) === undefined) out.push(`${p}${sig}.first_name is required`);
      if (present(who?.last_name) === undefined) out.push(`${p}${sig}.last_name is required`);
      const born = present(who?.birthdate);
      if (born === undefined && !masked) out.push(`${p}${sig}.birthdate is required`);
      else if (born !== undefined && !DATE.test(born)) out.push(`${p}${sig}.birthdate must be YYYY-MM-DD, got "${born}"`);
      if (present(who?.id_number) === undefined) out.push(`${p}${sig}.ssn is required (the person's id_number)`);
      if (present(who?.nationality) === undefined) out.push(`${p}${sig}.nationality1 is required`);
      if (present(who?.phone) === undefined) out.push(`${p}${sig}.phones is required (the person's phone)`);
      else if (present(codes?.contact_type) === undefined || present(codes?.communication_type) === undefined) {
        out.push(`${p}${sig}.phones.phone.tph_contact_type is required (set institution.goaml.contact_type and communication_type)`);
      }
      if (present(who?.occupation) === undefined) out.push(`${p}${sig}.occupation is required`);
      if (present(codes?.signatory_role) === undefined) out.push(`${p}${acct}.signatory.role is required (set institution.goaml.signatory_role)`);
    }
  } else if (s.party_type !== 'legal' && party?.person && present(party.person.first_name) !== undefined && present(party.person.last_name) === undefined) {
    out.push(`${p}${acct}.signatory.t_person.last_name is required`);
  }
  if (s.country === undefined) out.push(`${p}${s.side}_country is required`);
  else if (!COUNTRY.test(s.country)) out.push(`${p}${s.side}_country must be an ISO 3166 alpha-2 code, got "${s.country}"`);
}

/** Everything a goAML STR needs that the input lacks. Empty when the report can be written. */
export function checkGoaml(input: ReportInput, options: { masked?: boolean } = {}): string[] {
  const out: string[] = [];
  const inst = input.institution;
  const id = present(inst.rentity_id);
  if (id === undefined) out.push('rentity_id is required');
  else if (!/^\d{1,9}$/.test(id)) out.push(`rentity_id must be a whole number, got "${id}"`);
  if (present(inst.rentity_branch) === undefined) out.push('rentity_branch is required');
  const sub = present(inst.goaml?.submission_code);
  if (sub !== undefined && sub !== 'E' && sub !== 'M') out.push(`submission_code must be E or M, got "${sub}"`);
  checkDate(input.submission_date, out);
  const local = present(inst.currency_code_local);
  if (local === undefined) out.push('currency_code_local is required');
  else if (!CURRENCY.test(local)) out.push(`currency_code_local must be an ISO 4217 code, got "${local}"`);
  const rp = inst.reporting_person;
  if (present(rp?.first_name) === undefined) out.push('reporting_person.first_name is required');
  if (present(rp?.last_name) === undefined) out.push('reporting_person.last_name is required');
  const loc = inst.location;
  for (const k of ['address_type', 'address', 'city', 'country_code'] as const) {
    if (present(loc?.[k]) === undefined) out.push(`location.${k} is required`);
  }
  const txs = reportTransactions(input);
  if (narrative(input, txs) === undefined) out.push('reason is required');
  if (txs.length === 0) out.push('transaction is required (the case has no alerted transactions to report)');
  if (indicatorCodes(input, txs).length === 0) {
    out.push('report_indicators.indicator is required (pass indicators, or map typologies and rules in institution.goaml.indicators)');
  }
  for (const tx of txs) {
    const p = txPrefix(tx);
    if (tx.channel === null) out.push(`${p}transmode_code is required (the transaction's channel is unknown: capture the transaction in the case evidence)`);
    else if (codeFor(inst.goaml?.transmode, tx.channel) === undefined) {
      out.push(`${p}transmode_code is required (no institution.goaml.transmode code for channel "${tx.channel}")`);
    }
    if (local !== undefined && tx.currency !== local && !isRate(input.exchange_rates?.[tx.currency])) {
      out.push(`${p}amount_local is required (no exchange rate from ${tx.currency} to ${local})`);
    }
    checkGoamlSide(input, tx, resolveSide(input, tx, 'from'), out, options.masked === true);
    checkGoamlSide(input, tx, resolveSide(input, tx, 'to'), out, options.masked === true);
  }
  return [...new Set(out)];
}

/** Everything a PBOC 可疑交易报告 record needs that the input lacks. Empty when the record can be written. */
export function checkPboc(input: ReportInput): string[] {
  const out: string[] = [];
  const inst = input.institution;
  if (present(inst.institution_name) === undefined) out.push(`${labelled('institution_name')} is required`);
  if (present(inst.institution_code) === undefined) out.push(`${labelled('institution_code')} is required`);
  checkDate(input.submission_date, out);
  const txs = reportTransactions(input);
  if (narrative(input, txs) === undefined) out.push(`${labelled('description')} is required`);
  const subjects = pbocSubjects(input);
  if (subjects.length === 0) out.push(`${labelled('subjects')} is required`);
  for (const account of subjects) {
    const seen = txs.find((t) => t.from === account || t.to === account);
    const who = identityOf(input, account, seen ? (seen.from === account ? seen.from_type : seen.to_type) : null);
    if (who.name === undefined) out.push(`subject ${account}: ${labelled('subjects.name')} is required`);
    if (who.id_type === undefined) out.push(`subject ${account}: ${labelled('subjects.id_type')} is required`);
    if (who.id_number === undefined) out.push(`subject ${account}: ${labelled('subjects.id_number')} is required`);
  }
  if (txs.length === 0) out.push(`${labelled('transactions')} is required (the case has no alerted transactions to report)`);
  const named = new Set<string>();
  for (const row of pbocRows(input, txs)) {
    const p = txPrefix(row.tx);
    if (methodOf(input, row.tx.channel) === undefined && !named.has(row.tx.id)) {
      out.push(row.tx.channel === null
        ? `${p}${labelled('transactions.method')} is required (the transaction's channel is unknown: capture the transaction in the case evidence)`
        : `${p}${labelled('transactions.method')} is required (no institution.pboc_methods entry for channel "${row.tx.channel}")`);
    }
    named.add(row.tx.id);
    const other = identityOf(input, row.counterparty, row.counterpartyType);
    if (other.name === undefined) out.push(`${p}${labelled('transactions.counterparty.name')} is required (account ${row.counterparty})`);
    if (present(row.counterpartyNumber) === undefined) out.push(`${p}${labelled('transactions.counterparty.account')} is required`);
  }
  return [...new Set(out)];
}
