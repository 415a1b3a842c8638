import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import type { AuditPage as AuditAnswer, AuditRow } from '../api/types';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { DataTable } from '../components/DataTable';
import { formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';

const PAGE = 500;
const col = createColumnHelper<AuditRow>();

function detailsText(d: unknown): string {
  if (d === null || d === undefined) return '';
  if (typeof d === 'string') return d;
  if (typeof d === 'object' && Object.keys(d as object).length === 0) return '';
  return JSON.stringify(d);
}

/** The audit log, read forward with the `after` cursor; the hash-chain check is shown on top. */
export default function AuditPage() {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [verified, setVerified] = useState<AuditAnswer['verified']>(undefined);
  const [end, setEnd] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const lastSeq = useRef<number | undefined>(undefined);

  const load = useCallback(async (reset: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const after = reset ? undefined : lastSeq.current;
      const page = await api.audit(PAGE, after);
      const got = page.rows ?? [];
      if (got.length) lastSeq.current = Math.max(...got.map((r) => r.seq), lastSeq.current ?? -Infinity);
      setRows((prev) => (reset ? got : [...prev, ...got.filter((r) => !prev.some((p) => p.seq === r.seq))]));
      if (page.verified !== undefined) setVerified(page.verified);
      setEnd(got.length < PAGE);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null, String(e)));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    lastSeq.current = undefined;
    void load(true);
  }, [load]);

  const columns = useMemo(
    () => [
      col.accessor('seq', { header: t('audit.seq'), meta: { align: 'right' } }),
      col.accessor('time', { header: t('audit.time'), cell: (c) => formatTime(c.getValue(), lang) }),
      col.accessor('actor', { header: t('audit.actor'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('action', { header: t('audit.action'), cell: (c) => <span className="mono strong">{c.getValue()}</span> }),
      col.accessor((r) => r.subject ?? '', { id: 'subject', header: t('audit.subject'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor((r) => detailsText(r.details), {
        id: 'details',
        header: t('audit.details'),
        enableSorting: false,
        cell: (c) => <span className="mono small details">{c.getValue()}</span>,
      }),
    ],
    [t, lang],
  );

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? rows.filter((r) => r.action.toLowerCase().includes(q)) : rows;
  }, [rows, filter]);

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <input type="search" value={filter} placeholder={t('audit.filter')} onChange={(e) => setFilter(e.target.value)} data-testid="audit-filter" />
      </div>
      {verified && (
        <div className={verified.ok ? 'banner banner-ok' : 'banner banner-error'} data-testid="audit-verified" data-ok={String(verified.ok)}>
          {verified.ok ? t('audit.verified') : t('audit.broken', { problem: verified.problem ?? '' })}
        </div>
      )}
      {error && <ApiErrorMessage error={error} onRetry={() => load(rows.length === 0)} />}
      <DataTable<AuditRow>
        columns={columns}
        data={shown}
        initialSorting={[{ id: 'seq', desc: true }]}
        rowProps={(r) => ({ 'data-testid': 'audit-row', 'data-action': r.action, 'data-seq': r.seq, 'data-subject': r.subject ?? '' })}
        emptyText={loading ? t('common.loading') : t('common.empty')}
        testId="audit-table"
      />
      <div className="pager">
        {end ? (
          <span className="muted small" data-testid="audit-end">{t('audit.end')}</span>
        ) : (
          <button type="button" className="btn btn-small" disabled={loading} onClick={() => load(false)} data-testid="audit-more">
            {t('audit.more')}
          </button>
        )}
      </div>
    </div>
  );
}
