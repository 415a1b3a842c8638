import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import * as api from '../api/endpoints';
import { ruleDescription } from '../api/ruleCatalog';
import type { Rule } from '../api/types';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthContext';
import { BacktestPanel } from '../backtest/BacktestPanel';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { Badge } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { severityTone } from '../components/tones';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/I18nContext';
import { knownRuleSentence } from '../i18n/rules';

const col = createColumnHelper<Rule>();
const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export default function RulesPage() {
  const { t, tx, lang } = useI18n();
  const { data, error, loading, reload } = useApi((signal) => api.rules(signal), []);
  const [search, setSearch] = useState('');
  const { user } = useAuth();
  // What-if backtests need rules.backtest (supervisors and admins).
  const mayBacktest = user?.role === 'supervisor' || user?.role === 'admin';

  const columns = useMemo(
    () => [
      col.accessor('id', { header: t('rules.id'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('version', { header: t('rules.version'), meta: { align: 'right' } }),
      col.accessor((r) => ruleDescription(r, lang) ?? '', {
        id: 'description',
        header: t('rules.description'),
        enableSorting: false,
        cell: (c) => {
          const plain = knownRuleSentence(c.row.original.id, lang);
          return (
            <div className="rule-desc">
              <div>{c.getValue()}</div>
              {plain && plain !== c.getValue() && <div className="muted small">{plain}</div>}
            </div>
          );
        },
      }),
      col.accessor((r) => SEVERITY_RANK[r.severity] ?? 0, {
        id: 'severity',
        header: t('rules.severity'),
        cell: (c) => <Badge tone={severityTone(c.row.original.severity)}>{tx(`severity.${c.row.original.severity}`, c.row.original.severity)}</Badge>,
      }),
      col.accessor('weight', { header: t('rules.weight'), meta: { align: 'right' }, cell: (c) => formatNumber(c.getValue(), lang, 2) }),
      col.accessor((r) => r.hits ?? 0, { id: 'hits', header: t('rules.hits'), meta: { align: 'right' }, cell: (c) => formatNumber(c.getValue(), lang, 0) }),
    ],
    [t, tx, lang],
  );

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = data ?? [];
    if (!q) return all;
    return all.filter((r) => `${r.id} ${ruleDescription(r, 'en') ?? ''} ${ruleDescription(r, 'zh-CN') ?? ''}`.toLowerCase().includes(q));
  }, [data, search]);

  return (
    <div className="page" data-testid="rules-page">
      <div className="page-head">
        <h1>{t('rules.title')}</h1>
        <input type="search" value={search} placeholder={t('rules.search')} onChange={(e) => setSearch(e.target.value)} data-testid="rules-search" />
      </div>
      {error && <ApiErrorMessage error={error} onRetry={reload} />}
      <DataTable<Rule>
        columns={columns}
        data={filtered}
        rowProps={(r) => ({ 'data-testid': 'rule-row', 'data-rule': r.id })}
        emptyText={loading ? t('common.loading') : t('common.empty')}
        testId="rules-table"
      />
      {mayBacktest && <BacktestPanel />}
    </div>
  );
}
