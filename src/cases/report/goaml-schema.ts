import { ISO_4217 } from '../../domain/currencies.js';
import { XmlReadError, checkTree, readXml, type ElementRule, type Particle, type ValueRule } from './xml-rules.js';

/**
 * The goAML 5.0 report schema, for the elements Ringwatch writes: each element's place in its
 * sequence, how often it may occur, and its simple type (lengths, xs:dateTime without a zone
 * from 1753, decimals with at most 13 fraction digits, booleans, ISO 4217 and ISO 3166 codes).
 * Written from UNODC's goAML XML schema 5.0.1 (a public copy at github.com/thecury/goAML,
 * goAMLSchema.xsd; it carries no licence, so it is not included here). The schema's code lists
 * (transmode, funds, contact and communication types, account types and status, roles,
 * indicators) are each FIU's own: they are checked as non-empty codes of at most 50 characters,
 * and the receiving FIU's lists apply on submission.
 */

const str = (max: number, min = 1): ValueRule => ({ max, min });
const code: ValueRule = { max: 50, pattern: /^\S+$/, format: 'a code of the FIU\'s list' };
const dateTime: ValueRule = {
  max: 19, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, format: 'YYYY-MM-DDTHH:MM:SS',
  check: (v) => (v < '1753-01-01' ? 'must be on or after 1753-01-01' : Number.isNaN(Date.parse(`${v}Z`)) ? 'is not a valid date and time' : undefined),
};
const decimal: ValueRule = { max: 40, pattern: /^-?\d{1,16}(\.\d{1,13})?$/, format: 'a decimal number (at most 13 decimals)' };
const currency: ValueRule = { max: 3, codes: ISO_4217 };
const country: ValueRule = { max: 2, pattern: /^[A-Z]{2}$/, format: 'an ISO 3166 alpha-2 code' };
/** signatory/is_primary is fixed to 1 by the schema. */
const primary: ValueRule = { max: 1, codes: ['1'] };

const e = (name: string, value: ValueRule, min = 1, max = 1): ElementRule => ({ name, value, min, max });
const g = (name: string, children: readonly Particle[], min = 1, max = 1): ElementRule => ({ name, children, min, max });

const ADDRESS: readonly Particle[] = [e('address_type', code), e('address', str(100)), e('town', str(255, 0), 0), e('city', str(255)), e('zip', str(10, 0), 0), e('country_code', country), e('state', str(255), 0)];
const PHONES = (min: number): ElementRule => g('phones', [g('phone', [
  e('tph_contact_type', code), e('tph_communication_type', code), e('tph_country_prefix', str(4)), e('tph_number', str(50)), e('tph_extension', str(10, 0), 0),
], 1, Infinity)], min);

/** t_person (mine: t_person_my_client, with its required elements). */
const PERSON = (mine: boolean): ElementRule => g('t_person', [
  e('gender', code, 0), e('title', str(30, 0), 0), e('first_name', str(100)), e('middle_name', str(100, 0), 0), e('last_name', str(100)),
  e('birthdate', dateTime, mine ? 1 : 0), e('ssn', str(25, mine ? 1 : 0), mine ? 1 : 0), e('id_number', str(255, 0), 0),
  e('nationality1', country, mine ? 1 : 0), e('residence', country, mine ? 1 : 0), PHONES(mine ? 1 : 0),
  g('addresses', [g('address', ADDRESS, 1, Infinity)], 0), e('email', str(255), 0, 5), e('occupation', str(255), mine ? 1 : 0),
]);

const ENTITY = g('t_entity', [e('name', str(255)), e('incorporation_number', str(50), 0), e('incorporation_country_code', country, 0)], 0);

const ACCOUNT = (side: string, mine: boolean): ElementRule => g(`${side}_account`, [
  e('institution_name', str(255)),
  { choice: [e('institution_code', str(50)), e('swift', str(11))] },
  e('branch', str(255), mine ? 1 : 0), e('account', str(255)), e('currency_code', currency, mine ? 1 : 0),
  e('account_name', str(255), mine ? 1 : 0), e('client_number', str(30), mine ? 1 : 0), e('personal_account_type', code, mine ? 1 : 0),
  ...(mine ? [] : [ENTITY]),
  g('signatory', [e('is_primary', primary, mine ? 1 : 0), PERSON(mine), e('role', code, mine ? 1 : 0)], mine ? 1 : 0, Infinity),
  e('opened', dateTime, mine ? 1 : 0), e('status_code', code, mine ? 1 : 0),
]);

const FOREIGN = (side: string): ElementRule => g(`${side}_foreign_currency`, [e('foreign_currency_code', currency), e('foreign_amount', decimal), e('foreign_exchange_rate', decimal)], 0);

const SIDE = (side: 'from' | 'to', mine: boolean): ElementRule => g(`t_${side}${mine ? '_my_client' : ''}`, [
  e(`${side}_funds_code`, code), FOREIGN(side), ACCOUNT(side, mine), e(`${side}_country`, country),
]);

export const GOAML_RULE: ElementRule = g('report', [
  { name: 'rentity_id', value: { max: 10, pattern: /^[1-9]\d{0,9}$/, format: 'a whole number ≥ 1' } },
  e('rentity_branch', str(255)), e('submission_code', { max: 1, codes: ['E', 'M'] }), e('report_code', code), e('entity_reference', str(255, 0), 0),
  e('submission_date', dateTime), e('currency_code_local', currency),
  g('reporting_person', [e('title', str(30, 0), 0), e('first_name', str(100)), e('last_name', str(100)), e('id_number', str(255, 0), 0), e('email', str(255), 0, 5), e('occupation', str(255), 0)]),
  g('location', ADDRESS),
  e('reason', str(8000, 0), 0), e('action', str(8000, 0), 0),
  g('transaction', [
    e('transactionnumber', str(100)), e('transaction_location', str(255, 0)), e('transaction_description', str(8000, 0)),
    e('date_transaction', dateTime), e('transmode_code', code), e('transmode_comment', str(50, 0), 0), e('amount_local', decimal),
    { choice: [SIDE('from', true), SIDE('from', false)] }, { choice: [SIDE('to', true), SIDE('to', false)] },
    e('comments', str(8000, 0), 0),
  ], 1, Infinity),
  g('report_indicators', [e('indicator', code, 1, Infinity)]),
]);

/** Every problem of a goAML report against the schema rules, each naming its element; empty when valid. */
export function validateGoaml(xml: string, options: { masked?: boolean } = {}): string[] {
  try {
    const root = readXml(xml);
    return checkTree(root, GOAML_RULE, options.masked ? { lenient: (v) => v.includes('*'), optional: new Set(['birthdate']) } : {});
  } catch (err) {
    if (err instanceof XmlReadError) return [err.message];
    throw err;
  }
}
