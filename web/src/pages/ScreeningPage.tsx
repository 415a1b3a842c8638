import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { Panel } from '../components/Panel';
import { StatusMessage } from '../components/StatusMessage';
import { useI18n } from '../i18n/I18nContext';
import { screenName, type ScreenAnswer } from '../screening/api';
import { MatchReasons } from '../screening/MatchReasons';
import { ScreeningLists } from '../screening/ScreeningLists';

/**
 * Name screening: a name (with a date of birth and a country when known) against the stored
 * sanctions lists and blacklists — every match at or above the configured threshold with its
 * score and reasons — and the lists with their dated versions.
 */
export default function ScreeningPage() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [dob, setDob] = useState('');
  const [country, setCountry] = useState('');
  const [answer, setAnswer] = useState<ScreenAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await screenName({ name, dob, country }));
    } catch (err) {
      setAnswer(null);
      setError(err instanceof ApiError ? err : new ApiError(0, null, String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" data-testid="screening-page">
      <div className="page-head">
        <h1>{t('screening.title')}</h1>
      </div>
      <Panel title={t('screening.search')} hint={t('screening.searchHint')} testId="screening-search">
        <form className="toolbar" onSubmit={submit}>
          <input type="search" value={name} placeholder={t('screening.name')} onChange={(e) => setName(e.target.value)} data-testid="screen-name" />
          <input type="text" value={dob} placeholder={t('screening.dobPlaceholder')} onChange={(e) => setDob(e.target.value)} data-testid="screen-dob" size={12} />
          <input type="text" value={country} placeholder={t('screening.country')} onChange={(e) => setCountry(e.target.value)} data-testid="screen-country" size={4} maxLength={2} />
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="screen-submit">
            {t('screening.submit')}
          </button>
        </form>
        {error && <ApiErrorMessage error={error} />}
        {answer && answer.matches.length === 0 && <StatusMessage kind="empty" text={t('screening.noMatch')} testId="screen-no-match" />}
        {answer && answer.matches.length > 0 && (
          <table className="table" data-testid="screen-matches">
            <thead>
              <tr>
                <th className="num">{t('screening.score')}</th>
                <th>{t('screening.list')}</th>
                <th>{t('screening.name')}</th>
                <th>{t('screening.dob')}</th>
                <th>{t('screening.country')}</th>
                <th>{t('screening.idNo')}</th>
                <th>{t('screening.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.matches.map((m) => (
                <tr key={`${m.list}:${m.list_id}`} data-testid="screen-match" data-list-id={m.list_id}>
                  <td className="num mono">{m.score.toFixed(3)}</td>
                  <td className="mono">{m.list}:{m.list_id}</td>
                  <td>{m.entry.name}</td>
                  <td>{m.entry.dob || '—'}</td>
                  <td>{m.entry.country || '—'}</td>
                  <td className="mono">{m.entry.id_no || '—'}</td>
                  <td><MatchReasons reasons={m.reasons} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {answer?.masked && <p className="muted small">{t('case.masked')}</p>}
      </Panel>
      <Panel title={t('screening.lists')} hint={t('screening.listsHint')} testId="screening-lists-panel">
        <ScreeningLists />
      </Panel>
    </div>
  );
}
