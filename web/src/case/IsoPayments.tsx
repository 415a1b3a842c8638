import * as api from '../api/endpoints';
import type { CaseAlert, IsoTransfer } from '../api/types';
import { useApi } from '../api/useApi';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n/I18nContext';

const MAX_LOOKUPS = 25;

/**
 * The ISO 20022 facts of a case's alerted transfers: message ids, agents, purpose, status. Shown
 * only when some alert came in as ISO 20022 (its transaction id is the EndToEndId).
 */
export function IsoPayments({ alerts }: { alerts: CaseAlert[] }) {
  const { t } = useI18n();
  const ids = [...new Set(alerts.map((a) => a.transaction_id))].slice(0, MAX_LOOKUPS);
  const { data } = useApi(
    async (signal) => (await Promise.all(ids.map((id) => api.isoTransfer(id, signal)))).filter((x): x is IsoTransfer => x !== undefined),
    [ids.join('\n')],
  );
  if (!data || data.length === 0) return null;
  return (
    <Panel title={t('case.iso')} hint={t('case.isoHint')} testId="iso-panel">
      <table className="table" data-testid="iso-table">
        <thead>
          <tr>
            <th>{t('case.isoTransfer')}</th>
            <th>{t('case.isoStatus')}</th>
            <th>{t('case.isoMessages')}</th>
            <th>{t('case.isoAgents')}</th>
            <th>{t('case.isoPurpose')}</th>
            <th>{t('case.isoDebtorAge')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((tr) => {
            const facts = tr.messages.find((m) => m.facts.debtorAgent || m.facts.purpose)?.facts ?? {};
            const agents = [facts.debtorAgent, facts.creditorAgent].filter(Boolean).join(' → ');
            const countries = [facts.debtorAgentCountry, facts.creditorAgentCountry].filter(Boolean).join(' → ');
            return (
              <tr key={tr.id}>
                <td>{tr.id}</td>
                <td>
                  {t(`case.isoStatus.${tr.status}` as 'case.isoStatus.pending')}
                  {tr.code ? ` (${tr.code})` : ''}
                </td>
                <td>
                  {tr.messages.map((m) => (
                    <div key={m.msgId} className="small">
                      {m.type} <span className="muted">{m.msgId}</span>
                    </div>
                  ))}
                </td>
                <td>
                  {agents || '—'}
                  {countries ? <div className="small muted">{countries}</div> : null}
                  {facts.crossBorder ? <div className="small">{t('case.isoCrossBorder')}</div> : null}
                </td>
                <td>{facts.purpose ?? '—'}</td>
                <td>{facts.debtorAge ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
