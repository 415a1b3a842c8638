import { formatDuration, formatMajor, formatNumber, formatPercent } from '../format';
import type { Lang } from './I18nContext';
import { featureUnit, featureWords } from '../../../src/domain/feature-labels';

/**
 * Readable names and values for the engine's feature names (src/features/catalog.ts), e.g.
 * `from_out_sum_24h` → "Payer: amount sent in 24 hours" / "付款方24小时内转出金额", value CNY.
 * The words come from the server's own table (src/domain/feature-labels.ts), so the dashboard and
 * the API say the same thing; values are formatted here for the reader's locale.
 * Unknown names are shown as they are.
 */

/** "Payer: amount sent in 24 hours" / "付款方24小时内转出金额". */
export function featureLabel(name: string, lang: Lang): string {
  const w = featureWords(name);
  return lang === 'zh-CN' ? w.zh : w.en;
}

/** The value in the feature's unit (money features are CNY major units). */
export function featureValue(name: string, value: number | string, lang: Lang): string {
  if (typeof value === 'string') return value;
  const unit = featureUnit(name);
  const zh = lang === 'zh-CN';
  switch (unit) {
    case 'money':
      return formatMajor(value, 'CNY', lang);
    case 'seconds':
      return formatDuration(value, lang);
    case 'flag':
      return value ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
    case 'ratio':
      return formatPercent(value, lang);
    case 'hour':
      return `${String(Math.floor(value)).padStart(2, '0')}:00`;
    case 'hops':
      return value < 0 || !Number.isFinite(value) ? (zh ? '无关联' : 'none') : formatNumber(value, lang, 0);
    case 'count':
      return formatNumber(value, lang, 0);
    default:
      return formatNumber(value, lang, 3);
  }
}
