import type { ReactNode } from 'react';

export function StatusMessage({
  kind, text, testId, children,
}: { kind: 'loading' | 'error' | 'empty' | 'ok'; text: string; testId?: string; children?: ReactNode }) {
  return (
    <div className={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId ?? `status-${kind}`}>
      {kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      <span>{text}</span>
      {children}
    </div>
  );
}
