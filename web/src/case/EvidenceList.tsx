import type { Evidence } from '../api/types';
import { formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';

/** The sealed evidence snapshots: when, for which transaction, and their SHA-256. */
export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  const { t, lang } = useI18n();
  if (evidence.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <ul className="evidence" data-testid="evidence">
      {evidence.map((e) => (
        <li key={`${e.transaction_id}-${e.sha256}`}>
          <span className="mono">{e.transaction_id}</span>
          <span className="muted small">{t('case.capturedAt', { time: formatTime(e.captured_at, lang) })}</span>
          <span className="mono small hash" title={e.sha256}>
            sha256 {e.sha256.slice(0, 16)}…
          </span>
        </li>
      ))}
    </ul>
  );
}
