import { formatReasons } from '../../domain/decision.js';
import { isoTime, timeMs } from '../case.js';
import { sha256Hex } from '../hash.js';
import { convertAmount, formatAmount, formatDateTime } from './format.js';
import { validateGoaml } from './goaml-schema.js';
import {
  codeFor, indicatorCodes, narrative, present, reportTransactions, resolveSide, type PersonDetails, type ReportInput, type ReportTransaction,
  type ResolvedSide,
} from './input.js';
import { checkGoaml } from './required.js';
import type { ExportResult } from './result.js';
import { XmlCharacterError, el, leaf, renderXml, type XmlElement } from './xml.js';

/**
 * A case as a goAML suspicious transaction report (UNODC goAML schema 5.0, report_code STR,
 * bi-party transactions). Elements are written in the order the schema's sequences require and
 * the institution's own clients (`t_from_my_client` / `t_to_my_client`) carry what the schema
 * demands of them (branch, account name, client number, account type, signatory with date of
 * birth, national id, nationality, residence, phone and occupation, opening date, status). Code
 * lists (transmode, funds, contact and communication types, account type and status, signatory
 * role, indicators) are the receiving FIU's own and come from `institution.goaml`. Times are
 * xs:dateTime without a zone, in local time at `institution.utc_offset_minutes` (default UTC).
 * The document is checked by goaml-schema.ts before it is handed out.
 */

/** The element paths this export writes, in schema order ('?' optional, '*' repeated, '|' a choice). */
export const GOAML_ELEMENTS = Object.freeze([
  'report/rentity_id', 'report/rentity_branch', 'report/submission_code', 'report/report_code', 'report/entity_reference',
  'report/submission_date', 'report/currency_code_local',
  'report/reporting_person (title?, first_name, last_name, id_number?, email?, occupation?)',
  'report/location (address_type, address, city, zip?, country_code, state?)',
  'report/reason', 'report/action?',
  'report/transaction+ (transactionnumber, transaction_location, transaction_description, date_transaction, transmode_code, transmode_comment?, amount_local, t_from_my_client|t_from, t_to_my_client|t_to, comments?)',
  't_from*/from_funds_code, from_foreign_currency?, from_account, from_country (to side alike)',
  'my client account (institution_name, institution_code|swift, branch, account, currency_code, account_name, client_number, personal_account_type, signatory+, opened, status_code)',
  'other account (institution_name, institution_code|swift, branch?, account, currency_code, account_name?, t_entity?, signatory?)',
  'signatory (is_primary, t_person, role): my client t_person (gender?, title?, first_name, last_name, birthdate, ssn, nationality1, residence, phones/phone (tph_contact_type, tph_communication_type, tph_country_prefix, tph_number), email?, occupation)',
  't_entity (name, incorporation_number?, incorporation_country_code?)',
  'foreign currency (foreign_currency_code, foreign_amount, foreign_exchange_rate)',
  'report/report_indicators (indicator+)',
]);

function date(d: string | undefined): string | undefined {
  return d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00` : undefined;
}

function phone(input: ReportInput, number: string | undefined): XmlElement | null {
  const g = input.institution.goaml;
  if (number === undefined) return null;
  const intl = /^\+(\d{1,4})[ -]?(.+)$/.exec(number);
  return el('phones', el('phone',
    leaf('tph_contact_type', present(g?.contact_type)),
    leaf('tph_communication_type', present(g?.communication_type)),
    leaf('tph_country_prefix', intl ? intl[1] : '86'),
    leaf('tph_number', intl ? intl[2] : number)));
}

/** A signatory's person: the full my-client shape for the institution's clients, the short one otherwise. */
function person(input: ReportInput, p: PersonDetails, mine: boolean): XmlElement {
  return el('t_person',
    leaf('gender', present(p.gender)),
    leaf('title', present(p.title)),
    leaf('first_name', present(p.first_name)),
    leaf('last_name', present(p.last_name)),
    leaf('birthdate', date(present(p.birthdate))),
    leaf('ssn', mine ? present(p.id_number) : undefined),
    leaf('id_number', mine ? undefined : present(p.id_number)),
    leaf('nationality1', present(p.nationality)),
    leaf('residence', present(p.residence) ?? (mine ? present(p.nationality) : undefined)),
    mine && phone(input, present(p.phone)),
    leaf('email', present(p.email)),
    leaf('occupation', present(p.occupation)));
}

/** The person who signs for the account: the holder, or an organisation's legal representative. */
function signer(s: ResolvedSide): PersonDetails | undefined {
  return s.party_type === 'legal' ? s.party?.entity?.legal_representative : s.party?.person;
}

function account(input: ReportInput, s: ResolvedSide): XmlElement {
  const party = s.party;
  const g = input.institution.goaml;
  const legal = s.party_type === 'legal';
  const entityName = present(party?.entity?.name);
  const who = signer(s);
  const mine = s.my_client;
  const hasPerson = who !== undefined && present(who.first_name) !== undefined && present(who.last_name) !== undefined;
  return el(`${s.side}_account`,
    leaf('institution_name', s.institution_name),
    s.institution_code !== undefined ? leaf('institution_code', s.institution_code) : leaf('swift', s.swift),
    leaf('branch', s.branch),
    leaf('account', s.account_number),
    leaf('currency_code', s.currency_code),
    leaf('account_name', present(party?.account_name) ?? entityName),
    leaf('client_number', present(party?.client_number)),
    leaf('personal_account_type', mine ? present(party?.personal_account_type) ?? present(g?.account_type) : present(party?.personal_account_type)),
    !mine && legal && entityName !== undefined && el('t_entity',
      leaf('name', entityName),
      leaf('incorporation_number', present(party?.entity?.registration_number)),
      leaf('incorporation_country_code', present(party?.entity?.incorporation_country_code))),
    (mine || !legal) && hasPerson && el('signatory',
      leaf('is_primary', '1'), person(input, who, mine), leaf('role', present(g?.signatory_role))),
    leaf('opened', date(present(party?.opened))),
    mine && leaf('status_code', present(g?.account_status)));
}

function foreign(side: 'from' | 'to', tx: ReportTransaction, local: string, rate: string | undefined): XmlElement | null {
  if (tx.currency === local || rate === undefined) return null;
  return el(`${side}_foreign_currency`,
    leaf('foreign_currency_code', tx.currency),
    leaf('foreign_amount', formatAmount(tx.amount, tx.currency)),
    leaf('foreign_exchange_rate', rate.trim()));
}

function party(input: ReportInput, tx: ReportTransaction, side: 'from' | 'to', local: string): XmlElement {
  const s = resolveSide(input, tx, side);
  const rate = input.exchange_rates?.[tx.currency];
  return el(s.my_client ? `t_${side}_my_client` : `t_${side}`,
    leaf(`${side}_funds_code`, codeFor(input.institution.goaml?.funds, tx.channel)),
    foreign(side, tx, local, rate),
    account(input, s),
    leaf(`${side}_country`, s.country));
}

function transaction(input: ReportInput, tx: ReportTransaction, local: string, offset: number): XmlElement {
  const rate = input.exchange_rates?.[tx.currency];
  const amountLocal = tx.currency === local ? formatAmount(tx.amount, tx.currency) : convertAmount(tx.amount, tx.currency, local, rate as string);
  const where = tx.channel === 'cross_border' && tx.country ? tx.country : present(input.institution.rentity_branch) ?? '';
  return el('transaction',
    leaf('transactionnumber', tx.id),
    el('transaction_location', where),
    el('transaction_description', `${tx.channel ?? 'transaction'} ${tx.from} → ${tx.to}`),
    leaf('date_transaction', formatDateTime(tx.time, offset)),
    leaf('transmode_code', codeFor(input.institution.goaml?.transmode, tx.channel)),
    leaf('transmode_comment', tx.channel?.slice(0, 50)),
    leaf('amount_local', amountLocal),
    party(input, tx, 'from', local),
    party(input, tx, 'to', local),
    leaf('comments', tx.reasons.length ? `Alert score ${tx.score}; ${formatReasons(tx.reasons)}`.slice(0, 8000) : undefined));
}

/** The report element tree (assumes {@link checkGoaml} found nothing missing). */
export function goamlTree(input: ReportInput): XmlElement {
  const inst = input.institution;
  const offset = inst.utc_offset_minutes ?? 0;
  const local = present(inst.currency_code_local) as string;
  const txs = reportTransactions(input);
  const rp = inst.reporting_person ?? {};
  const loc = inst.location ?? {};
  return el('report',
    leaf('rentity_id', present(inst.rentity_id)),
    leaf('rentity_branch', present(inst.rentity_branch)),
    leaf('submission_code', present(inst.goaml?.submission_code) ?? 'E'),
    leaf('report_code', 'STR'),
    leaf('entity_reference', input.case.id),
    leaf('submission_date', formatDateTime(timeMs(isoTime(input.submission_date)), offset)),
    leaf('currency_code_local', local),
    el('reporting_person',
      leaf('title', present(rp.title)),
      leaf('first_name', present(rp.first_name)),
      leaf('last_name', present(rp.last_name)),
      leaf('id_number', present(rp.id_number)),
      leaf('email', present(rp.email)),
      leaf('occupation', present(rp.occupation))),
    el('location',
      leaf('address_type', present(loc.address_type)),
      leaf('address', present(loc.address)),
      leaf('city', present(loc.city)),
      leaf('zip', present(loc.zip)),
      leaf('country_code', present(loc.country_code)),
      leaf('state', present(loc.state))),
    leaf('reason', narrative(input, txs)),
    leaf('action', present(input.action)),
    txs.map((tx) => transaction(input, tx, local, offset)),
    el('report_indicators', indicatorCodes(input, txs).map((code) => leaf('indicator', code))));
}

/**
 * Exports the case as a goAML STR XML document, or refuses with every missing field named and
 * every schema problem named by its element. Text XML cannot carry (e.g. a control character in
 * a name) is reported as a problem too.
 */
export function exportGoaml(input: ReportInput, options: { masked?: boolean } = {}): ExportResult {
  const missing = checkGoaml(input, options);
  if (missing.length) return { ok: false, missing };
  let content: string;
  try {
    content = renderXml(goamlTree(input));
  } catch (err) {
    if (err instanceof XmlCharacterError) return { ok: false, missing: [`${err.message} (remove the character from the source data)`] };
    throw err;
  }
  const problems = validateGoaml(content, options);
  if (problems.length) return { ok: false, missing: problems };
  return {
    ok: true,
    format: 'goaml',
    media_type: 'application/xml',
    content,
    sha256: sha256Hex(content),
    file_name: `${input.case.id}.xml`,
    transactions: reportTransactions(input).map((t) => t.id),
  };
}
