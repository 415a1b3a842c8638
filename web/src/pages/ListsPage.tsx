import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import * as api from '../api/endpoints';
import type { ListEntry } from '../api/types';
import { useApi } from '../api/useApi';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { DataTable } from '../components/DataTable';
import { StatusMessage } from '../components/StatusMessage';
import { formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';
import { Link, navigate, useLocation } from '../router/router';
import { Panel } from '../components/Panel';
import { ScreeningLists } from '../screening/ScreeningLists';

const col = createColumnHelper<ListEntry>();

export default function ListsPage() {
  const { t, tx, lang } = useI18n();
  const { query } = useLocation();
  const lists = useApi((signal) => api.lists(signal), []);
  const selected = query.get('list') ?? lists.data?.[0]?.list ?? null;
  const entries = useApi((signal) => (selected ? api.listEntries(selected, signal) : Promise.resolve([])), [selected]);
  const [search, setSearch] = useState('');

  const columns = useMemo(
    () => [
      col.accessor('kind', { header: t('lists.kind'), cell: (c) => tx(`kind.${c.getValue()}`, c.getValue()) }),
      col.accessor('value', { header: t('lists.value'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor((e) => e.reason ?? '', { id: 'reason', header: t('lists.reason') }),
      col.accessor((e) => e.source ?? '', { id: 'source', header: t('lists.source') }),
      col.accessor((e) => e.added_at ?? '', { id: 'added_at', header: t('lists.added'), cell: (c) => formatTime(c.getValue() || null, lang) }),
    ],
    [t, tx, lang],
  );

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = entries.data ?? [];
    if (!q) return all;
    return all.filter((e) => [e.kind, e.value, e.reason ?? '', e.source ?? ''].some((s) => s.toLowerCase().includes(q)));
  }, [entries.data, search]);

  return (
    <div className="page" data-testid="lists-page">
      <div className="page-head">
        <h1>{t('lists.title')}</h1>
      </div>
      {lists.error && <ApiErrorMessage error={lists.error} onRetry={lists.reload} />}
      <div className="split split-narrow">
        <ul className="list-picker" data-testid="list-picker">
          {(lists.data ?? []).map((l) => (
            <li key={l.list}>
              <button
                type="button"
                className={l.list === selected ? 'picker-btn active' : 'picker-btn'}
                onClick={() => navigate(`/lists?list=${encodeURIComponent(l.list)}`, true)}
                data-testid="list-item"
                data-list={l.list}
              >
                <span className="mono">{l.list}</span>
                {Number.isFinite(l.entries) && <span className="muted small">{t('lists.entries', { count: l.entries })}</span>}
              </button>
            </li>
          ))}
          {lists.data && lists.data.length === 0 && <li className="muted">{t('common.empty')}</li>}
        </ul>
        <div>
          {!selected ? (
            <StatusMessage kind="empty" text={lists.loading ? t('common.loading') : t('lists.select')} />
          ) : (
            <>
              <div className="toolbar">
                <input
                  type="search"
                  value={search}
                  placeholder={t('lists.search')}
                  onChange={(e) => setSearch(e.target.value)}
                  data-testid="list-search"
                />
              </div>
              {entries.error && entries.error.status !== 404 && <ApiErrorMessage error={entries.error} onRetry={entries.reload} />}
              <DataTable<ListEntry>
                columns={columns}
                data={entries.error ? [] : filtered}
                rowProps={(e) => ({ 'data-testid': 'list-entry', 'data-kind': e.kind })}
                emptyText={entries.loading ? t('common.loading') : t('common.empty')}
                testId="list-entries"
              />
            </>
          )}
        </div>
      </div>
      <Panel title={t('screening.lists')} hint={t('screening.listsHint')} actions={<Link to="/screening">{t('screening.open')}</Link>} testId="screening-lists-panel">
        <ScreeningLists />
      </Panel>
    </div>
  );
}
