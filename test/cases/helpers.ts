import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reason } from '../../src/domain/decision.js';
import type { Transaction } from '../../src/domain/transaction.js';
import { openCase, withAlert, type AlertFields, type Case, type CaseState } from '../../src/cases/case.js';
import { createEvidence, type Evidence, type EvidenceSubgraph } from '../../src/cases/evidence.js';
import type { InstitutionSettings, PartyDetails, ReportInput } from '../../src/cases/report/input.js';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const DAY = 86_400_000;
export const NOW = new Date(Date.UTC(2026, 2, 1, 8, 0, 0));

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `rw-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const REASONS: Reason[] = [
  { rule: 'fan_in_burst', typology: 'mule_collection', weight: 0.6, values: [['fan_in_24h', 14], ['amount_sum_24h', 250000.5]] },
  { rule: 'near_blacklist', weight: 0.3, values: [['blacklist_distance', 2]] },
];

/** An alert `id` from `from` to `to`, `days` after T0. */
export function alert(id: string, from: string, to: string, days = 0, extra: Partial<AlertFields> = {}): AlertFields {
  return {
    transaction_id: id, time: new Date(T0 + days * DAY).toISOString(), from, to, amount: 123450, currency: 'CNY',
    score: 0.8, decision: 'REVIEW', reasons: REASONS, ...extra,
  };
}

/** The full transaction behind an alert. */
export function txOf(a: AlertFields, extra: Partial<Transaction> = {}): Transaction {
  return {
    id: a.transaction_id, time: Date.parse(a.time), from: a.from, to: a.to, amount: a.amount, currency: a.currency,
    channel: 'transfer', from_type: 'natural', to_type: 'natural', ...extra,
  };
}

export function subgraphFor(a: AlertFields): EvidenceSubgraph {
  return {
    nodes: [{ id: a.from, kind: 'account' }, { id: a.to, kind: 'account', listed: true, ring: 'R1' }],
    edges: [{ from: a.from, to: a.to, count: 1, amount: a.amount, currency: a.currency, transactions: [a.transaction_id] }],
  };
}

/** A case in `state` opened by one alert of subject `subject` (assignee for states past new). */
export function caseIn(state: CaseState, assignee: string | null = state === 'new' ? null : 'ana'): Case {
  const c = openCase(alert('T-open', 'A1', 'B1'), 'A1', null, NOW);
  return { ...c, state, assignee, outcome: state === 'closed' ? 'false_positive' : null, closed_at: state === 'closed' ? NOW.toISOString() : null };
}

export const INSTITUTION: InstitutionSettings = {
  rentity_id: 1234,
  rentity_branch: 'Shanghai Pudong',
  institution_name: 'Ringwatch Demo Bank',
  institution_code: 'C1234567890123',
  swift: 'RWDBCNSH',
  country_code: 'CN',
  region_code: '310000',
  currency_code_local: 'CNY',
  utc_offset_minutes: 480,
  reporting_person: { title: 'MLRO', first_name: 'Wei', last_name: 'Zhang', email: 'mlro@example.com', occupation: 'Compliance officer' },
  location: { address_type: 'B', address: '1 Century Avenue', city: 'Shanghai', zip: '200120', country_code: 'CN' },
  goaml: {
    transmode: { transfer: 'K', cash_in: 'A', '*': 'Z' },
    funds: { transfer: 'K', '*': 'Z' },
    indicators: { mule_collection: 'STR-ML-01', near_blacklist: 'STR-BL-02' },
    signatory_role: 'A',
    contact_type: '1',
    communication_type: 'M',
    account_type: 'A',
    account_status: 'A',
  },
};

export const PARTIES: Record<string, PartyDetails> = {
  A1: {
    account: 'A1', account_number: '6222020000000001', party_type: 'natural', account_name: '张三', personal_account_type: 'P',
    client_number: 'KH0001', opened: '2020-05-06', account_type_code: '120001',
    person: {
      name: '张三', first_name: '三', last_name: '张', id_type: '110001', id_number: '110101199001011237', birthdate: '1990-01-01', nationality: 'CN',
      residence: 'CN', phone: '13800000001', occupation: 'Engineer', occupation_code: '2', address: '上海市浦东新区示范路1号',
    },
  },
  B1: {
    account: 'B1', account_number: '6217000000000002', party_type: 'natural', institution_name: 'Other Bank & Co <Shanghai>', swift: 'OTHBCNSH',
    person: { name: '李四', first_name: '四', last_name: '李' },
  },
  C1: {
    account: 'C1', party_type: 'legal', institution_name: 'Third Bank', institution_code: 'C9999999999999',
    entity: { name: '某某贸易有限公司', registration_number: '91310000MA1K000000', id_type: '610099' },
  },
};

/** A case of subject A1 with alerts T1 (A1→B1) and T2 (A1→C1), and its evidence. */
export function reportFixture(overrides: Partial<ReportInput> = {}): ReportInput {
  const a1 = alert('T1', 'A1', 'B1', 0);
  const a2 = alert('T2', 'A1', 'C1', 1, { amount: 99_999_999, score: 0.93 });
  let c = openCase(a1, 'A1', null, NOW);
  c = withAlert(c, a2, 'A1', NOW);
  const evidence: Evidence[] = [a1, a2].map((a, i) =>
    createEvidence({
      case_id: c.id, subject: 'A1', trigger: i === 0 ? 'open' : 'alert', alert: a,
      transactions: [txOf(a, a.to === 'C1' ? { to_type: 'legal' } : {})], subgraph: subgraphFor(a), captured_at: NOW,
    }));
  return {
    case: c, alerts: [a1, a2], evidence, institution: INSTITUTION, parties: PARTIES,
    submission_date: new Date(Date.UTC(2026, 2, 2, 1, 30, 0)), action: 'Account frozen pending review', ...overrides,
  };
}

/** A tiny RFC 4180 CSV reader for checking exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows;
}
