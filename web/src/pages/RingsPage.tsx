import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import * as api from '../api/endpoints';
import type { Ring } from '../api/types';
import { useApi } from '../api/useApi';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { DataTable } from '../components/DataTable';
import { RiskBar } from '../components/RiskBar';
import { useI18n } from '../i18n/I18nContext';
import { Link, navigate, useLocation } from '../router/router';
import { RingDetail } from './RingDetail';

const col = createColumnHelper<Ring>();
const ALGORITHMS = ['gangs', 'components', 'leiden', 'louvain'] as const;
type Algorithm = (typeof ALGORITHMS)[number];
const LIMITS = [25, 50, 100, 250];

export default function RingsPage() {
  const { t, tx } = useI18n();
  const { query } = useLocation();
  const asked = query.get('algorithm');
  const algorithm: Algorithm = (ALGORITHMS as readonly string[]).includes(asked ?? '') ? (asked as Algorithm) : 'gangs';
  const limit = LIMITS.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 50;
  const selected = query.get('ring');
  const { data, error, loading, reload } = useApi((signal) => api.rings(algorithm, limit, signal), [algorithm, limit]);

  const setQuery = (patch: Record<string, string | undefined>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) (v === undefined ? q.delete(k) : q.set(k, v));
    navigate(`/rings?${q.toString()}`, true);
  };

  const columns = useMemo(
    () => [
      col.accessor('ring', { header: t('rings.ring'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('size', { header: t('rings.size'), meta: { align: 'right' } }),
      col.accessor('risk', { header: t('rings.risk'), cell: (c) => <RiskBar value={c.getValue()} /> }),
      col.accessor((r) => r.reasons.map((x) => x.name).join(' '), {
        id: 'reasons',
        header: t('rings.reasons'),
        enableSorting: false,
        cell: (c) => {
          const top = [...c.row.original.reasons]
            .filter((r) => r.value > 0)
            .sort((a, b) => b.value * b.weight - a.value * a.weight)
            .slice(0, 2)
            .map((r) => tx(`ringReasonShort.${r.name}`, r.name));
          const all = c.row.original.reasons.filter((r) => r.value > 0).map((r) => tx(`ringReason.${r.name}`, r.name)).join('\n');
          // One line: the two strongest reasons in short words; every reason in the tooltip and the detail panel.
          return (
            <span className="one-line" title={all} data-testid="ring-reasons">
              {top.join(' · ') || t('common.none')}
            </span>
          );
        },
      }),
      col.accessor((r) => r.case_id ?? '', {
        id: 'case',
        header: t('rings.case'),
        enableSorting: false,
        cell: (c) =>
          c.row.original.case_id ? (
            <Link to={`/cases/${encodeURIComponent(c.row.original.case_id)}`} className="mono small" data-testid="ring-case-link">
              {t('rings.openCase')}
            </Link>
          ) : (
            <span className="muted small">{t('common.none')}</span>
          ),
      }),
    ],
    [t, tx],
  );

  const rings = data?.rings ?? [];
  const current = rings.find((r) => r.ring === selected);

  return (
    <div className="page" data-testid="rings-page">
      <div className="page-head">
        <h1>{t('rings.title')}</h1>
        {data && (
          <span className="muted small" data-testid="rings-total">
            {t('rings.count', { total: data.total })}
            {data.review_threshold !== undefined && algorithm === 'gangs' ? ` · ${t('rings.review', { threshold: data.review_threshold })}` : ''}
          </span>
        )}
      </div>
      <p className="muted small">{t(`rings.about.${algorithm}`)}</p>
      <div className="toolbar">
        <label className="field-inline">
          <span>{t('rings.algorithm')}</span>
          <select value={algorithm} onChange={(e) => setQuery({ algorithm: e.target.value, ring: undefined })} data-testid="rings-algorithm">
            {ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {t(`rings.algo.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('rings.limit')}</span>
          <select value={limit} onChange={(e) => setQuery({ limit: e.target.value })}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small btn-ghost push-right" onClick={reload} disabled={loading}>
          {t('common.refresh')}
        </button>
      </div>
      {error && <ApiErrorMessage error={error} onRetry={reload} />}
      <div className="split">
        <div className={loading ? 'loading-dim' : undefined}>
          <DataTable<Ring>
            columns={columns}
            data={rings}
            onRowClick={(r) => setQuery({ ring: r.ring })}
            rowClassName={(r) => (r.ring === selected ? 'selected' : undefined)}
            rowProps={(r) => ({ 'data-testid': 'ring-row', 'data-ring': r.ring, 'data-size': r.size })}
            emptyText={loading ? t('common.loading') : t('common.empty')}
            testId="rings-table"
          />
        </div>
        <div>{current ? <RingDetail ring={current} algorithm={algorithm} /> : <p className="muted">{t('rings.select')}</p>}</div>
      </div>
    </div>
  );
}
