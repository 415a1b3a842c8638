import type { InstitutionSettings } from '../cases/report/input.js';

/**
 * The demo bank as a reporting institution: everything goAML and the PBOC interface need about
 * the reporter, so both exports work on the demo's cases out of the box. Every value is
 * fictitious (the institution code, SWIFT and rentity id belong to no real bank). A bank copies
 * this shape into its own config under the `institution` key (see docs/reports.md).
 *
 * goAML code lists are the receiving FIU's own; the codes here are ones the generic goAML 5.0
 * schema lists (A, B, … for transmode and funds) and stand in for a real FIU's table.
 */
export const DEMO_INSTITUTION: InstitutionSettings = Object.freeze({
  rentity_id: 1001,
  rentity_branch: 'Beijing head office',
  institution_name: 'Ringwatch 示范银行',
  institution_code: 'C1000000000001',
  swift: 'RWDBCNBJ',
  country_code: 'CN',
  region_code: '110000',
  currency_code_local: 'CNY',
  utc_offset_minutes: 480,
  reporting_person: { title: 'MLRO', first_name: 'Ming', last_name: 'Wang', email: 'aml@ringwatch-demo.example', occupation: 'Money laundering reporting officer' },
  location: { address_type: '1', address: '1 Demo Street, Xicheng District', city: 'Beijing', zip: '100032', country_code: 'CN' },
  goaml: {
    submission_code: 'E',
    transmode: { transfer: 'A', cash_in: 'B', cash_out: 'C', card: 'D', mobile: 'E', ecny: 'F', cross_border: 'AA', '*': 'A' },
    funds: { transfer: 'A', cash_in: 'B', cash_out: 'B', card: 'C', mobile: 'D', ecny: 'D', cross_border: 'E', '*': 'A' },
    indicators: {
      '*': 'RW-GEN', 'graph.layering': 'RW-LAYER', 'shape.layering': 'RW-LAYER', 'graph.fraud_ring': 'RW-RING',
      'graph.listed_proximity': 'RW-LISTED', 'pboc.large_value': 'RW-LV', 'pboc.suspicious': 'RW-PBOC',
    },
    signatory_role: 'A',
    contact_type: '1',
    communication_type: 'M',
    account_type: 'A',
    account_status: 'A',
  },
  pboc: {
    report_branch_code: 'C1000000000001',
    branch_code: 'C1000000000001',
    region_code: '110102',
    reporter: '王明',
    urgency: '01',
    direction: '01',
    trigger: '01',
    crime_types: {
      '*': '1402', 'graph.fraud_ring': '1201', 'graph.listed_proximity': '0802', 'graph.layering': '0802', 'shape.layering': '0802',
      'pboc.suspicious': '0802', 'pboc.large_value': '1402',
    },
  },
}) as InstitutionSettings;
