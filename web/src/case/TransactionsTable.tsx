import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { CaseAlert, EvidenceTransaction } from '../api/types';
import { Badge } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { decisionTone } from '../components/tones';
import { formatMoney, formatScore, formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';

interface Row {
  id: string;
  time: string;
  from: string;
  to: string;
  amount: string;
  currency: string;
  channel: string;
  score: number;
  decision: string;
  rules: string[];
}

const col = createColumnHelper<Row>();

function toIso(time: string | number): string {
  return typeof time === 'number' ? new Date(time).toISOString() : time;
}

/** The case's alerted transactions, with the channel from the evidence when it has it. */
export function TransactionsTable({
  alerts, evidenceTx, focusTx, onFocus,
}: { alerts: CaseAlert[]; evidenceTx: EvidenceTransaction[]; focusTx: string | null; onFocus: (id: string | null) => void }) {
  const { t, tx, lang } = useI18n();
  const rows = useMemo<Row[]>(() => {
    const byId = new Map(evidenceTx.map((x) => [x.id, x]));
    return alerts.map((a) => ({
      id: a.transaction_id,
      time: toIso(a.time),
      from: a.from,
      to: a.to,
      amount: a.amount,
      currency: a.currency,
      channel: String(byId.get(a.transaction_id)?.channel ?? ''),
      score: a.score,
      decision: a.decision,
      rules: (a.reasons ?? []).map((r) => r.rule),
    }));
  }, [alerts, evidenceTx]);

  const columns = useMemo(
    () => [
      col.accessor('id', { header: t('tx.id'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('time', { header: t('tx.time'), cell: (c) => formatTime(c.getValue(), lang) }),
      col.accessor('from', { header: t('tx.from'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('to', { header: t('tx.to'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor((r) => Number(r.amount), {
        id: 'amount',
        header: t('tx.amount'),
        meta: { align: 'right' },
        cell: (c) => formatMoney(c.row.original.amount, c.row.original.currency, lang),
      }),
      col.accessor('channel', { header: t('tx.channel'), cell: (c) => c.getValue() || t('common.none') }),
      col.accessor('score', { header: t('tx.score'), meta: { align: 'right' }, cell: (c) => formatScore(c.getValue()) }),
      col.accessor('decision', {
        header: t('tx.decision'),
        cell: (c) => <Badge tone={decisionTone(c.getValue())}>{tx(`decision.${c.getValue()}`, c.getValue())}</Badge>,
      }),
      col.accessor((r) => r.rules.join(' '), {
        id: 'rules',
        header: t('tx.rules'),
        enableSorting: false,
        cell: (c) => <span className="mono small">{c.row.original.rules.join(', ')}</span>,
      }),
    ],
    [t, tx, lang],
  );

  return (
    <DataTable<Row>
      columns={columns}
      data={rows}
      onRowClick={(r) => onFocus(r.id === focusTx ? null : r.id)}
      rowClassName={(r) => (r.id === focusTx ? 'selected' : undefined)}
      rowProps={(r) => ({ 'data-testid': 'tx-row', 'data-tx-id': r.id })}
      testId="tx-table"
    />
  );
}
