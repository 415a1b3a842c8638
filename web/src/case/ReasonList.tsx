import { useState } from 'react';
import type { Rule } from '../api/types';
import { Badge } from '../components/Badge';
import { severityTone } from '../components/tones';
import { featureLabel, featureValue } from '../i18n/features';
import { useI18n } from '../i18n/I18nContext';
import { typologyName } from '../i18n/rules';
import { ruleSentence, type RuleSummary } from './reasons';

/** Why the case was raised: each fired rule as a sentence, with the figures behind it. */
const REASONS_SHOWN = 6;

export function ReasonList({ reasons, catalog }: { reasons: RuleSummary[]; catalog: Map<string, Rule> }) {
  const { t, tx, lang } = useI18n();
  // The strongest rules first; the rest behind one button, so a case that fired many stays short.
  const [all, setAll] = useState(false);
  if (reasons.length === 0) return <p className="muted">{t('common.empty')}</p>;
  const shown = all ? reasons : reasons.slice(0, REASONS_SHOWN);
  return (
    <>
    <ol className="reasons" data-testid="reasons">
      {shown.map((r) => {
        const rule = catalog.get(r.rule);
        const top = r.contributions.size
          ? [...r.contributions.entries()].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 5)
          : [];
        const values = r.contributions.size ? [] : r.values;
        const byName = new Map(r.values);
        return (
          <li key={r.rule} className="reason" data-testid="reason" data-rule={r.rule}>
            <div className="reason-head">
              <span className="reason-text" data-testid="reason-text">{ruleSentence(r.rule, lang, catalog, r.text)}</span>
              {rule && <Badge tone={severityTone(rule.severity)}>{tx(`severity.${rule.severity}`, rule.severity)}</Badge>}
            </div>
            <div className="reason-meta">
              <span className="mono">{r.rule}</span>
              {r.typology && <span>{t('case.typology', { typology: typologyName(r.typology, lang) })}</span>}
              {r.weight !== undefined && r.weight > 0 && <span>{t('case.weight', { weight: r.weight })}</span>}
              <span>{t('case.firedOn', { count: r.count })}</span>
            </div>
            {values.length > 0 && (
              <ul className="reason-values">
                {values.map(([name, value]) => (
                  <li key={name} title={name}>
                    <span className="rv-name">{featureLabel(name, lang)}</span>
                    <span className="rv-value">{featureValue(name, value, lang)}</span>
                  </li>
                ))}
              </ul>
            )}
            {top.length > 0 && (
              <>
                <div className="reason-sub">{t('case.modelTop')}</div>
                <ul className="reason-values">
                  {top.map(([name, c]) => (
                    <li key={name} title={name}>
                      <span className="rv-name">{featureLabel(name, lang)}</span>
                      <span className="rv-value">
                        {byName.has(name) ? featureValue(name, byName.get(name) as number | string, lang) : ''}
                        <span className={c >= 0 ? 'contrib up' : 'contrib down'}>
                          {c >= 0 ? '+' : ''}
                          {c.toFixed(2)}
                        </span>
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        );
      })}
    </ol>
    {reasons.length > REASONS_SHOWN && (
      <button type="button" className="btn btn-small btn-ghost" onClick={() => setAll(!all)} data-testid="reasons-more">
        {all ? t('case.fewerReasons') : t('case.allReasons', { count: reasons.length })}
      </button>
    )}
    </>
  );
}
