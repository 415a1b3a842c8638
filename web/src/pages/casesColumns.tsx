import { createColumnHelper } from '@tanstack/react-table';
import type { CaseSummary } from '../api/types';
import { Badge } from '../components/Badge';
import { RiskBar } from '../components/RiskBar';
import { outcomeTone, stateTone } from '../components/tones';
import { formatTime } from '../format';
import type { I18n } from '../i18n/I18nContext';

/** Columns of the alert queue; the sortable ones are those the API sorts by. */
export const SORTABLE = ['risk', 'opened_at', 'updated_at', 'last_alert_at', 'alert_count'] as const;
export type SortKey = (typeof SORTABLE)[number];

const col = createColumnHelper<CaseSummary>();

export function caseColumns({ t, tx, lang }: I18n) {
  const sortable = (id: string) => (SORTABLE as readonly string[]).includes(id);
  return [
    col.accessor('id', { header: t('col.id'), enableSorting: false, cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor('subject', { header: t('col.subject'), enableSorting: false, cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor('ring', { header: t('col.ring'), enableSorting: false, cell: (c) => <span className="mono small">{c.getValue() ?? t('common.none')}</span> }),
    col.accessor('state', {
      header: t('col.state'),
      enableSorting: false,
      cell: (c) => <Badge tone={stateTone(c.getValue())}>{tx(`state.${c.getValue()}`, c.getValue())}</Badge>,
    }),
    col.accessor('outcome', {
      header: t('col.outcome'),
      enableSorting: false,
      cell: (c) => {
        const o = c.getValue();
        return o ? <Badge tone={outcomeTone(o)}>{tx(`outcome.${o}`, o)}</Badge> : <span className="muted">{t('common.none')}</span>;
      },
    }),
    col.accessor('assignee', { header: t('col.assignee'), enableSorting: false, cell: (c) => c.getValue() ?? <span className="muted">{t('common.none')}</span> }),
    col.accessor('risk', { id: 'risk', header: t('col.risk'), enableSorting: sortable('risk'), cell: (c) => <RiskBar value={c.getValue()} /> }),
    col.accessor('alert_count', { id: 'alert_count', header: t('col.alerts'), enableSorting: true, meta: { align: 'right' } }),
    col.accessor('last_alert_at', { id: 'last_alert_at', header: t('col.lastAlert'), enableSorting: true, cell: (c) => formatTime(c.getValue(), lang) }),
    col.accessor('opened_at', { id: 'opened_at', header: t('col.opened'), enableSorting: true, cell: (c) => formatTime(c.getValue(), lang) }),
    col.accessor('updated_at', { id: 'updated_at', header: t('col.updated'), enableSorting: true, cell: (c) => formatTime(c.getValue(), lang) }),
  ];
}
