import type { Stats } from '../api/types';
import { RiskBar } from '../components/RiskBar';
import { useI18n } from '../i18n/I18nContext';
import { Link } from '../router/router';

export function TopRings({ rings, linkable }: { rings: Stats['top_rings']; linkable: boolean }) {
  const { t } = useI18n();
  if (rings.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <table className="table dense" data-testid="top-rings">
      <thead>
        <tr>
          <th>{t('rings.ring')}</th>
          <th className="num">{t('rings.size')}</th>
          <th>{t('rings.risk')}</th>
        </tr>
      </thead>
      <tbody>
        {rings.map((r) => (
          <tr key={r.ring}>
            <td className="mono">{linkable ? <Link to={`/rings?ring=${encodeURIComponent(r.ring)}`}>{r.ring}</Link> : r.ring}</td>
            <td className="num">{r.size}</td>
            <td>
              <RiskBar value={r.risk} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
