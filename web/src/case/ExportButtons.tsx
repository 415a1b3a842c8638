import { useState } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import { useI18n } from '../i18n/I18nContext';

type Format = 'goaml' | 'pboc';

function missingOf(e: ApiError): string[] | null {
  if (e.status !== 422 || !e.body || typeof e.body !== 'object') return null;
  const m = (e.body as { missing?: unknown }).missing;
  if (!Array.isArray(m)) return null;
  return m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

/**
 * goAML / PBOC STR downloads; a 422 lists the fields the report still lacks. Roles that may see
 * personal data (`unmask`) get the full report for filing; others a masked copy.
 */
export function ExportButtons({ caseId, onDone, unmask = false }: { caseId: string; onDone: () => void; unmask?: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<Format | null>(null);
  const [missing, setMissing] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState(false);

  const run = async (format: Format) => {
    setBusy(format);
    setMissing(null);
    setError(null);
    setOk(false);
    try {
      await api.caseReport(caseId, format, unmask);
      setOk(true);
      onDone();
    } catch (e) {
      const m = e instanceof ApiError ? missingOf(e) : null;
      if (m) setMissing(m);
      else setError(t('action.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export">
      <div className="action-row">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => run('goaml')} data-testid="export-goaml">
          {t('export.goaml')}
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => run('pboc')} data-testid="export-pboc">
          {t('export.pboc')}
        </button>
      </div>
      {ok && <div className="banner banner-ok" data-testid="export-ok">{t('export.done')}</div>}
      {missing && (
        <div className="banner banner-warn" role="alert" data-testid="export-missing">
          <div>{t('export.missing')}</div>
          <ul className="missing-list">
            {missing.map((f) => (
              <li key={f} className="mono">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <div className="banner banner-error" role="alert">{error}</div>}
    </div>
  );
}
