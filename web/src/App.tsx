import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useAuth } from './auth/AuthContext';
import { Layout } from './components/Layout';
import { StatusMessage } from './components/StatusMessage';
import { useI18n } from './i18n/I18nContext';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { LoginPage } from './pages/LoginPage';
import { navigate, useLocation } from './router/router';
import { canOpen, matchRoute, type PageId } from './router/routes';

// Pages load on demand: the overview carries echarts, the case page sigma.
const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const CasesPage = lazy(() => import('./pages/CasesPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const RingsPage = lazy(() => import('./pages/RingsPage'));
const ListsPage = lazy(() => import('./pages/ListsPage'));
const ScreeningPage = lazy(() => import('./pages/ScreeningPage'));
const RulesPage = lazy(() => import('./pages/RulesPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));

function pageFor(page: PageId, params: Record<string, string>): ReactNode {
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'cases':
      return <CasesPage />;
    case 'case':
      return <CasePage id={params.id ?? ''} />;
    case 'rings':
      return <RingsPage />;
    case 'lists':
      return <ListsPage />;
    case 'screening':
      return <ScreeningPage />;
    case 'rules':
      return <RulesPage />;
    case 'audit':
      return <AuditPage />;
  }
}

export function App() {
  const { status, user } = useAuth();
  const { t } = useI18n();
  const { path, query } = useLocation();
  const next = query.get('next');

  // Signed out anywhere → /login?next=…; signed in on /login → back to where the user was going.
  useEffect(() => {
    if (status === 'signedOut' && path !== '/login') {
      const target = path === '/' ? '' : `?next=${encodeURIComponent(path + window.location.search)}`;
      navigate(`/login${target}`, true);
    } else if (status === 'signedIn' && path === '/login') {
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
    }
  }, [status, path, next]);

  if (status === 'checking') return <StatusMessage kind="loading" text={t('common.loading')} />;
  if (status === 'signedOut' || !user) return <LoginPage />;
  if (path === '/login') return <StatusMessage kind="loading" text={t('common.loading')} />;

  const match = matchRoute(path);
  let content: ReactNode;
  if (user.must_change_password) content = <ChangePasswordPage />;
  else if (match.page === 'notFound') content = <StatusMessage kind="empty" text={t('common.notFound')} />;
  else if (!canOpen(user.role, match.page)) content = <StatusMessage kind="error" text={t('common.forbidden')} testId="forbidden" />;
  else content = pageFor(match.page, match.params);

  return (
    <Layout current={match.page === 'notFound' ? null : match.page}>
      <Suspense fallback={<StatusMessage kind="loading" text={t('common.loading')} />}>{content}</Suspense>
    </Layout>
  );
}
