import { useState } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import { useI18n } from '../i18n/I18nContext';

type Format = api.ReportFormat;

function missingOf(e: ApiError): string[] | null {
  if (e.status !== 422 || !e.body || typeof e.body !== 'object') return null;
  const m = (e.body as { missing?: unknown }).missing;
  if (!Array.isArray(m)) return null;
  return m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

/**
 * goAML / PBOC suspicious (BSTR) and large-value (HVTR) downloads, validated by the server; a 422
 * lists what the report still lacks, element by element. The narrative is generated from the
 * evidence; "Edit narrative" loads the drafts for the analyst to change before exporting. Roles
 * that may see personal data (`unmask`) get the full report for filing; others a masked copy.
 */
export function ExportButtons({ caseId, onDone, unmask = false }: { caseId: string; onDone: () => void; unmask?: boolean }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<Format | null>(null);
  const [missing, setMissing] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState(false);
  const [edits, setEdits] = useState<{ narrative: string; analysis: string; language: 'zh' | 'en' } | null>(null);

  const openEditor = async () => {
    if (edits) return setEdits(null);
    const language = lang === 'zh-CN' ? 'zh' : 'en';
    try {
      const d = await api.caseNarrative(caseId, language, unmask);
      setEdits({ narrative: d.narrative ?? '', analysis: d.analysis ?? '', language });
    } catch (e) {
      setError(t('action.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const run = async (format: Format) => {
    setBusy(format);
    setMissing(null);
    setError(null);
    setOk(false);
    try {
      await api.caseReport(caseId, format, unmask, edits ?? undefined);
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
        <button type="button" className="btn" disabled={busy !== null} onClick={() => run('pboc-hvtr')} data-testid="export-pboc-hvtr">
          {t('export.hvtr')}
        </button>
        <button type="button" className="btn" onClick={() => void openEditor()} data-testid="export-edit">
          {edits ? t('export.editClose') : t('export.edit')}
        </button>
      </div>
      {edits && (
        <div className="narrative-editor" data-testid="narrative-editor">
          <label>
            {t('export.narrative')}
            <textarea rows={6} value={edits.narrative} maxLength={10000} onChange={(e) => setEdits({ ...edits, narrative: e.target.value })} data-testid="narrative-text" />
          </label>
          <label>
            {t('export.analysis')}
            <textarea rows={4} value={edits.analysis} maxLength={10000} onChange={(e) => setEdits({ ...edits, analysis: e.target.value })} data-testid="analysis-text" />
          </label>
        </div>
      )}
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
