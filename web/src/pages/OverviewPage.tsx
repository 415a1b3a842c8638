import { useMemo } from 'react';
import * as api from '../api/endpoints';
import { useRuleCatalog } from '../api/ruleCatalog';
import { useApi } from '../api/useApi';
import { useUser } from '../auth/AuthContext';
import { ruleSentence } from '../case/reasons';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { EChart } from '../components/EChart';
import { Panel } from '../components/Panel';
import { StatusMessage } from '../components/StatusMessage';
import { formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';
import { alertsByDayOption, decisionMixOption, topRulesOption } from '../overview/charts';
import { KpiCard } from '../overview/KpiCard';
import { TopRings } from '../overview/TopRings';
import { canOpen } from '../router/routes';

const REFRESH_MS = 10_000;

export default function OverviewPage() {
  const { t, lang } = useI18n();
  const user = useUser();
  const catalog = useRuleCatalog();
  const { data, error, reload } = useApi((signal) => api.stats(signal), [], REFRESH_MS);
  const updatedAt = useMemo(() => (data ? new Date().toISOString() : undefined), [data]);

  const options = useMemo(() => {
    if (!data) return undefined;
    const labels = { allow: t('decision.ALLOW'), review: t('decision.REVIEW'), block: t('decision.BLOCK') };
    return {
      byDay: alertsByDayOption(data, labels),
      mix: decisionMixOption(data, labels),
      rules: topRulesOption(data, t('overview.hits'), (rule) => ruleSentence(rule, lang, catalog)),
    };
  }, [data, t, lang, catalog]);

  if (!data) {
    return error ? <ApiErrorMessage error={error} onRetry={reload} /> : <StatusMessage kind="loading" text={t('common.loading')} />;
  }

  return (
    <div className="page" data-testid="overview-page">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <span className="muted small">{updatedAt && t('common.updated', { time: formatTime(updatedAt, lang) })}</span>
      </div>
      {error && <ApiErrorMessage error={error} onRetry={reload} />}
      <div className="kpis">
        <KpiCard label={t('overview.transactions')} value={formatNumber(data.transactions, lang, 0)} hint={t('overview.storeHint')} testId="kpi-transactions" />
        <KpiCard label={t('overview.tps')} value={formatNumber(data.tps_recent, lang, 1)} hint={t('overview.tpsHint')} testId="kpi-tps" />
        <KpiCard label={t('overview.review')} value={formatNumber(data.decisions.REVIEW ?? 0, lang, 0)} tone="warn" testId="kpi-review" />
        <KpiCard label={t('overview.block')} value={formatNumber(data.decisions.BLOCK ?? 0, lang, 0)} tone="danger" testId="kpi-block" />
        {data.cases && (
          <KpiCard
            label={t('overview.openCases')}
            value={formatNumber(openCases(data.cases), lang, 0)}
            hint={t('overview.openCasesHint', { closed: formatNumber(data.cases.closed ?? 0, lang, 0) })}
            testId="kpi-open-cases"
          />
        )}
      </div>
      {options && (
        <div className="grid-2">
          <Panel title={t('overview.alertsByDay')} className="span-2">
            <EChart option={options.byDay} height={240} testId="chart-alerts-by-day" />
          </Panel>
          <Panel title={t('overview.decisionMix')}>
            <EChart option={options.mix} height={260} testId="chart-decision-mix" />
          </Panel>
          <Panel title={t('overview.topRules')}>
            <EChart option={options.rules} height={260} testId="chart-top-rules" />
          </Panel>
          <Panel title={t('overview.topRings')} className="span-2">
            <TopRings rings={data.top_rings} linkable={canOpen(user.role, 'rings')} />
          </Panel>
        </div>
      )}
    </div>
  );
}

function openCases(byState: Record<string, number>): number {
  return Object.entries(byState).reduce((n, [state, k]) => (state === 'closed' ? n : n + k), 0);
}
