import { screeningLists } from './api';
import { useApi } from '../api/useApi';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { StatusMessage } from '../components/StatusMessage';
import { formatTime } from '../format';
import { useI18n } from '../i18n/I18nContext';

/** The name-screening lists (sanctions lists, blacklists) with every dated version, newest first. */
export function ScreeningLists() {
  const { t, lang } = useI18n();
  const lists = useApi((signal) => screeningLists(signal), []);
  if (lists.error) {
    return lists.error.status === 503 ? <StatusMessage kind="empty" text={t('screening.unavailable')} /> : <ApiErrorMessage error={lists.error} onRetry={lists.reload} />;
  }
  if (!lists.data) return <StatusMessage kind="loading" text={t('common.loading')} />;
  if (lists.data.length === 0) return <StatusMessage kind="empty" text={t('screening.noLists')} testId="screening-lists-empty" />;
  return (
    <table className="table" data-testid="screening-lists">
      <thead>
        <tr>
          <th>{t('screening.list')}</th>
          <th>{t('screening.version')}</th>
          <th>{t('screening.asOf')}</th>
          <th>{t('screening.imported')}</th>
          <th>{t('screening.format')}</th>
          <th className="num">{t('screening.entries')}</th>
        </tr>
      </thead>
      <tbody>
        {lists.data.flatMap((l) =>
          [...l.versions].reverse().map((v, i) => (
            <tr key={`${l.name}@${v.version}`} data-testid="screening-list-version" data-list={l.name} data-version={v.version}>
              <td className="mono">{i === 0 ? l.name : ''}</td>
              <td>
                v{v.version}
                {i === 0 && <span className="muted small"> {t('screening.current')}</span>}
              </td>
              <td>{formatTime(v.as_of, lang)}</td>
              <td>{formatTime(v.imported_at, lang)}</td>
              <td className="mono">{v.format}</td>
              <td className="num">{v.entries}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
