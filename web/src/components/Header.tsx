import { useState } from 'react';
import { useAuth, useUser } from '../auth/AuthContext';
import { useI18n } from '../i18n/I18nContext';
import { navigate } from '../router/router';
import { LanguageSwitch } from './LanguageSwitch';

export function Header() {
  const { t } = useI18n();
  const { logout } = useAuth();
  const user = useUser();
  const [busy, setBusy] = useState(false);

  const signOut = async () => {
    setBusy(true);
    await logout();
    navigate('/login', true);
  };

  return (
    <>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◎</span>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="topbar-right">
          <LanguageSwitch />
          <span className="user-chip" data-testid="current-user" data-role={user.role}>
            <span className="user-name">{t('header.user', { user: user.username })}</span>
            <span className={`role-tag role-${user.role}`} data-testid="current-role">
              {t(`role.${user.role}`)}
            </span>
          </span>
          <button type="button" className="btn btn-ghost" onClick={signOut} disabled={busy} data-testid="logout">
            {t('header.logout')}
          </button>
        </div>
      </header>
      {user.must_change_password && (
        <div className="banner banner-warn" role="alert" data-testid="must-change-password">
          {t('header.mustChange')}
        </div>
      )}
    </>
  );
}
