import type { CaseSummary } from '../api/types';
import { Badge } from '../components/Badge';
import { RiskBar } from '../components/RiskBar';
import { RiskReasons } from './RiskReasons';
import { outcomeTone, stateTone } from '../components/tones';
import { formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';
import { Link } from '../router/router';

/** The case's key facts in one dense strip. */
export function CaseHeader({ c }: { c: CaseSummary }) {
  const { t, tx, lang } = useI18n();
  const others = (c.subjects ?? []).filter((s) => s !== c.subject);
  return (
    <div className="case-head" data-testid="case-head" data-case-id={c.id} data-state={c.state}>
      <div className="case-title">
        <h1 className="mono">{t('case.title', { id: c.id })}</h1>
        <Badge tone={stateTone(c.state)} testId="case-state">
          {tx(`state.${c.state}`, c.state)}
        </Badge>
        {c.outcome && (
          <Badge tone={outcomeTone(c.outcome)} testId="case-outcome">
            {tx(`outcome.${c.outcome}`, c.outcome)}
          </Badge>
        )}
      </div>
      <dl className="facts inline">
        <div>
          <dt>{t('case.subject')}</dt>
          <dd className="mono" data-testid="case-subject">{c.subject}</dd>
        </div>
        {others.length > 0 && (
          <div>
            <dt>{t('case.subjects')}</dt>
            <dd className="mono small">{others.join(', ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('case.ring')}</dt>
          <dd className="mono">
            {c.ring ? (
              <Link to={`/rings?ring=${encodeURIComponent(c.ring)}`} data-testid="case-ring">
                {c.ring}
              </Link>
            ) : (
              t('common.none')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('case.risk')}</dt>
          <dd>
            <RiskBar value={c.risk} />
            <RiskReasons reasons={c.risk_reasons ?? []} />
          </dd>
        </div>
        <div>
          <dt>{t('case.assignee')}</dt>
          <dd data-testid="case-assignee">{c.assignee ?? <span className="muted">{t('case.unassigned')}</span>}</dd>
        </div>
        <div>
          <dt>{t('case.alerts')}</dt>
          <dd>{c.alert_count}</dd>
        </div>
        <div>
          <dt>{t('case.opened')}</dt>
          <dd>{formatTime(c.opened_at, lang)}</dd>
        </div>
        <div>
          <dt>{t('case.updated')}</dt>
          <dd>{formatTime(c.updated_at, lang)}</dd>
        </div>
      </dl>
    </div>
  );
}
