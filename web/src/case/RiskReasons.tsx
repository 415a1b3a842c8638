import type { RiskReason } from '../api/types';
import { useI18n } from '../i18n/I18nContext';

/** Why the case has its priority: each factor in plain words with the part of the priority it accounts for. */
export function RiskReasons({ reasons }: { reasons: RiskReason[] }) {
  const { lang } = useI18n();
  if (reasons.length === 0) return null;
  return (
    <ul className="risk-reasons" data-testid="risk-reasons">
      {reasons.map((r) => (
        <li key={r.factor} data-factor={r.factor}>
          <span className="mono small">+{r.contribution.toFixed(2)}</span> {lang === 'zh-CN' ? r.zh : r.en}
        </li>
      ))}
    </ul>
  );
}
