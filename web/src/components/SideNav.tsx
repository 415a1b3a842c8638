import { useUser } from '../auth/AuthContext';
import { useI18n } from '../i18n/I18nContext';
import { Link } from '../router/router';
import { canOpen, NAV, type PageId } from '../router/routes';

export function SideNav({ current }: { current: PageId | null }) {
  const { t } = useI18n();
  const user = useUser();
  const active = current === 'case' ? 'cases' : current;
  return (
    <nav className="sidenav" aria-label="main" data-testid="nav">
      {NAV.filter((item) => canOpen(user.role, item.page)).map((item) => (
        <Link
          key={item.page}
          to={item.path}
          className={item.page === active ? 'nav-link active' : 'nav-link'}
          aria-current={item.page === active ? 'page' : undefined}
          data-testid={`nav-${item.page}`}
        >
          {t(item.label)}
        </Link>
      ))}
    </nav>
  );
}
