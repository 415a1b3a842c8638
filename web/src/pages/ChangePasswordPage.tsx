import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n/I18nContext';
import { navigate } from '../router/router';

const MIN_LENGTH = 12;

/**
 * Shown instead of every page while the server requires a new password (it refuses all other
 * routes until then). A successful change ends the user's sessions: they sign in again.
 */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { endSession } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < MIN_LENGTH) return setError(t('password.tooShort', { min: MIN_LENGTH }));
    if (next !== repeat) return setError(t('password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(current, next);
      endSession(t('password.changed'));
      navigate('/login', true);
    } catch (err) {
      setError(t('action.failed', { message: err instanceof ApiError ? err.message : String(err) }));
      setBusy(false);
    }
  };

  return (
    <div className="page narrow" data-testid="change-password-page">
      <Panel title={t('password.title')} hint={t('header.mustChange')}>
        <form onSubmit={submit} data-testid="change-password-form" noValidate>
          {error && (
            <div className="banner banner-error" role="alert" data-testid="password-error">
              {error}
            </div>
          )}
          <label className="field">
            <span className="field-label">{t('password.current')}</span>
            <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" />
          </label>
          <label className="field">
            <span className="field-label">{t('password.new')}</span>
            <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="password-new" />
          </label>
          <label className="field">
            <span className="field-label">{t('password.repeat')}</span>
            <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="password-repeat" />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy || !current || !next} data-testid="password-submit">
            {t('password.submit')}
          </button>
        </form>
      </Panel>
    </div>
  );
}
