import type { Ring } from '../api/types';
import { Panel } from '../components/Panel';
import { RiskBar } from '../components/RiskBar';
import { formatNumber } from '../format';
import { useI18n } from '../i18n/I18nContext';

/** One ring: every reason with its signal and weight, and the members. */
export function RingDetail({ ring }: { ring: Ring }) {
  const { t, tx, lang } = useI18n();
  return (
    <Panel title={<span className="mono">{ring.ring}</span>} testId="ring-detail">
      <div className="ring-detail">
        <div>
          <RiskBar value={ring.risk} /> · {t('rings.size')}: {ring.size}
        </div>
        <table className="table dense">
          <thead>
            <tr>
              <th>{t('rings.reasons')}</th>
              <th className="num">{t('rings.risk')}</th>
              <th className="num">{t('rules.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {ring.reasons.map((r) => (
              <tr key={r.name}>
                <td>{tx(`ringReason.${r.name}`, r.name)}</td>
                <td className="num">{formatNumber(r.value, lang, 2)}</td>
                <td className="num">{formatNumber(r.weight, lang, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="sub-title">{t('rings.members')}</h3>
        <div className="chips">
          {ring.members.map((m) => (
            <span key={m} className="chip mono">
              {m}
            </span>
          ))}
        </div>
      </div>
    </Panel>
  );
}
