import * as api from '../api/endpoints';
import type { Ring } from '../api/types';
import { useApi } from '../api/useApi';
import { Badge } from '../components/Badge';
import { Panel } from '../components/Panel';
import { RiskBar } from '../components/RiskBar';
import { stateTone } from '../components/tones';
import { formatMoney, formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';
import { Link } from '../router/router';

const EVIDENCE_ROWS = 50;

/** One ring: its case, every reason with its signal and weight, each member with its alerts and cases, and its evidence transfers. */
export function RingDetail({ ring, algorithm }: { ring: Ring; algorithm: string }) {
  const { t, tx, lang } = useI18n();
  const full = useApi((signal) => api.ring(ring.ring, algorithm, signal), [ring.ring, algorithm]);
  const members = full.data?.member_details ?? ring.members.map((account) => ({ account, alerts: Number.NaN, cases: [] }));
  const evidence = full.data?.evidence ?? ring.evidence ?? [];
  const motifs = full.data?.motifs ?? ring.motifs ?? [];
  const caseId = full.data?.case_id ?? ring.case_id ?? null;
  return (
    <Panel title={<span className="mono">{ring.ring}</span>} testId="ring-detail">
      <div className="ring-detail">
        <div className="ring-facts">
          <RiskBar value={ring.risk} /> · {t('rings.size')}: {ring.size}
          {caseId ? (
            <Link to={`/cases/${encodeURIComponent(caseId)}`} className="btn btn-small push-right" data-testid="ring-case">
              {t('rings.openCaseId', { id: caseId })}
            </Link>
          ) : (
            <span className="muted small push-right">{t('rings.noCase')}</span>
          )}
        </div>
        <table className="table dense">
          <thead>
            <tr>
              <th>{t('rings.reasons')}</th>
              <th className="num">{t('rings.signal')}</th>
              <th className="num">{t('rules.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {ring.reasons.map((r) => (
              <tr key={r.name} className={r.value > 0 ? undefined : 'muted'}>
                <td>{tx(`ringReason.${r.name}`, r.name)}</td>
                <td className="num">{formatNumber(r.value, lang, 2)}</td>
                <td className="num">{formatNumber(r.weight, lang, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="sub-title">{t('rings.members')}</h3>
        <div className="table-scroll">
        <table className="table dense" data-testid="ring-members">
          <thead>
            <tr>
              <th>{t('rings.account')}</th>
              <th className="num">{t('rings.alerts')}</th>
              <th>{t('rings.cases')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.account} data-testid="ring-member" data-account={m.account}>
                <td className="mono">
                  <Link to={`/cases?subject=${encodeURIComponent(m.account)}`} title={t('rings.memberCases')} data-testid="member-cases-link">{m.account}</Link>
                </td>
                <td className="num">
                  {/* The cases holding its alerts, as payer or payee (the queue's account search). */}
                  {Number.isNaN(m.alerts) ? '…' : (
                    <Link to={`/cases?q=${encodeURIComponent(m.account)}`} title={t('rings.memberAlerts')} data-testid="member-alerts-link">
                      {formatNumber(m.alerts, lang, 0)}{m.alerts >= 100 ? '+' : ''}
                    </Link>
                  )}
                </td>
                <td>
                  <span className="chips">
                    {m.cases.map((c) => (
                      <Link key={c.id} to={`/cases/${encodeURIComponent(c.id)}`} className="chip mono small" data-testid="member-case">
                        {c.id === caseId ? t('rings.ringCase') : c.id.slice(-10)} <Badge tone={stateTone(c.state)}>{tx(`state.${c.state}`, c.state)}</Badge>
                      </Link>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {motifs.length > 0 && (
          <>
            <h3 className="sub-title" title={t('rings.loopsHint')}>
              {t('rings.loops', { count: motifs.length })}
            </h3>
            <ul className="plain-list" data-testid="ring-motifs">
              {motifs.map((m) => (
                <li key={m.transaction} className="mono small">
                  {[...m.accounts, m.accounts[0]].join(' → ')}
                  {m.transactions && m.transactions.length > 0 && <span className="muted"> ({m.transactions.join(', ')})</span>}{' '}
                  <span className="muted">{t('rings.closedBy', { id: m.transaction })}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {evidence.length > 0 && (
          <>
            <h3 className="sub-title">
              {t('rings.evidence', { count: full.data?.evidence_total ?? ring.evidence_total ?? evidence.length })}
            </h3>
            <div className="table-scroll">
            <table className="table dense" data-testid="ring-evidence">
              <thead>
                <tr>
                  <th>{t('rings.time')}</th>
                  <th>{t('rings.transfer')}</th>
                  <th className="num">{t('rings.amount', { currency: full.data?.currency ?? '' })}</th>
                  <th className="num">{t('rings.score')}</th>
                </tr>
              </thead>
              <tbody>
                {evidence.slice(0, EVIDENCE_ROWS).map((e) => (
                  <tr key={e.transaction}>
                    <td className="nowrap">{formatTime(e.time, lang)}</td>
                    <td className="mono small nowrap">
                      {e.from} → {e.to}
                    </td>
                    <td className="num">{formatMoney(e.amount, full.data?.currency, lang)}</td>
                    <td className="num">{formatNumber(e.score, lang, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
            {evidence.length > EVIDENCE_ROWS && <p className="muted small">{t('rings.more', { count: evidence.length - EVIDENCE_ROWS })}</p>}
          </>
        )}
      </div>
    </Panel>
  );
}
