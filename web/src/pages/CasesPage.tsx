import type { SortingState, Updater } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import * as api from '../api/endpoints';
import { CASE_STATES, type CaseSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { useUser } from '../auth/AuthContext';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { DataTable } from '../components/DataTable';
import { Pager } from '../components/Pager';
import { useI18n } from '../i18n/I18nContext';
import { navigate, useLocation } from '../router/router';
import { caseColumns, SORTABLE, type SortKey } from './casesColumns';

const PAGE_SIZE = 50;

/** The alert queue: filters, sort and page live in the URL so Back returns to the same view. */
export default function CasesPage() {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const user = useUser();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const assignee = query.get('assignee') ?? '';
  // From the rings page: the cases holding one account, or one ring's cases.
  const subject = query.get('subject') ?? '';
  const ring = query.get('ring') ?? '';
  const sortParam = query.get('sort');
  const sort: SortKey = (SORTABLE as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortKey) : 'risk';
  const order = query.get('order') === 'asc' ? 'asc' : 'desc';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const [assigneeDraft, setAssigneeDraft] = useState(assignee);
  const search = query.get('q') ?? '';
  const [searchDraft, setSearchDraft] = useState(search);

  const setQuery = (patch: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') q.delete(k);
      else q.set(k, String(v));
    }
    if (!('offset' in patch)) q.delete('offset');
    const s = q.toString();
    navigate(`/cases${s ? `?${s}` : ''}`, true);
  };

  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.cases(
        { state: state || undefined, assignee: assignee || undefined, subject: subject || undefined, ring: ring || undefined, q: search || undefined, sort, order, limit: PAGE_SIZE, offset },
        signal,
      ),
    [state, assignee, subject, ring, search, sort, order, offset],
  );

  const columns = useMemo(() => caseColumns(i18n), [i18n]);
  const sorting: SortingState = [{ id: sort, desc: order === 'desc' }];
  const onSortingChange = (u: Updater<SortingState>) => {
    const next = typeof u === 'function' ? u(sorting) : u;
    const first = next[0];
    if (first) setQuery({ sort: first.id, order: first.desc ? 'desc' : 'asc' });
  };

  return (
    <div className="page" data-testid="cases-page">
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        {data && typeof data.total === 'number' && (
          <span className="muted small" data-testid="cases-total">
            {t('cases.count', { total: data.total })}
          </span>
        )}
      </div>
      <div className="toolbar">
        <form
          className="field-inline"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ q: searchDraft.trim() });
          }}
        >
          <input
            type="search"
            value={searchDraft}
            placeholder={t('cases.searchPlaceholder')}
            aria-label={t('cases.searchPlaceholder')}
            onChange={(e) => {
              setSearchDraft(e.target.value);
              if (e.target.value === '' && search) setQuery({ q: undefined });
            }}
            data-testid="cases-search"
          />
          <button type="submit" className="btn btn-small">{t('common.search')}</button>
        </form>
        <label className="field-inline">
          <span>{t('cases.state')}</span>
          <select value={state} onChange={(e) => setQuery({ state: e.target.value })} data-testid="filter-state">
            <option value="">{t('common.all')}</option>
            {CASE_STATES.map((s) => (
              <option key={s} value={s}>
                {tx(`state.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        <form
          className="field-inline"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ assignee: assigneeDraft.trim() });
          }}
        >
          <span>{t('cases.assignee')}</span>
          <input
            value={assigneeDraft}
            placeholder={t('cases.assigneePlaceholder')}
            onChange={(e) => setAssigneeDraft(e.target.value)}
            data-testid="filter-assignee"
          />
          <button type="submit" className="btn btn-small">{t('common.apply')}</button>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setAssigneeDraft(user.username);
              setQuery({ assignee: user.username });
            }}
            data-testid="filter-mine"
          >
            {t('cases.mine')}
          </button>
          {(assignee || state) && (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => {
                setAssigneeDraft('');
                setQuery({ assignee: undefined, state: undefined });
              }}
            >
              {t('common.clear')}
            </button>
          )}
        </form>
        {(subject || ring) && (
          <span className="chip mono" data-testid="cases-filter">
            {subject ? t('cases.filterSubject', { subject }) : t('cases.filterRing', { ring })}{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setQuery({ subject: undefined, ring: undefined })}>
              ×
            </button>
          </span>
        )}
        <button type="button" className="btn btn-small btn-ghost push-right" onClick={reload} disabled={loading}>
          {t('common.refresh')}
        </button>
      </div>
      {error && <ApiErrorMessage error={error} onRetry={reload} />}
      <div className={loading ? 'loading-dim' : undefined}>
        <DataTable<CaseSummary>
          columns={columns}
          data={data?.cases ?? []}
          sorting={sorting}
          onSortingChange={onSortingChange}
          onRowClick={(c) => navigate(`/cases/${encodeURIComponent(c.id)}`)}
          rowProps={(c) => ({ 'data-testid': 'case-row', 'data-case-id': c.id, 'data-state': c.state })}
          emptyText={loading ? t('common.loading') : t('common.empty')}
          testId="cases-table"
        />
      </div>
      {data && (
        <Pager offset={offset} limit={PAGE_SIZE} total={data.total} count={data.cases.length} onOffset={(o) => setQuery({ offset: o || undefined })} />
      )}
    </div>
  );
}
