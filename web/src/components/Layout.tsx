import type { ReactNode } from 'react';
import type { PageId } from '../router/routes';
import { Header } from './Header';
import { SideNav } from './SideNav';

export function Layout({ current, children }: { current: PageId | null; children: ReactNode }) {
  return (
    <div className="shell">
      <Header />
      <div className="shell-body">
        <SideNav current={current} />
        <main className="content" data-testid="main">
          {children}
        </main>
      </div>
    </div>
  );
}
