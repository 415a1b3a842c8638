import { useState } from 'react';
import * as api from '../api/endpoints';
import type { EvidenceTransaction } from '../api/types';
import { useApi } from '../api/useApi';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { Pager } from '../components/Pager';
import { StatusMessage } from '../components/StatusMessage';
import { useI18n } from '../i18n/I18nContext';
import { EventTimeline } from './EventTimeline';
import { EvidenceList } from './EvidenceList';
import { TransactionsTable } from './TransactionsTable';

/**
 * A big case's transactions, history and evidence, a page at a time from the paged case routes
 * (a 373-alert case stays a page tall). `version` changes when the case does, so each reloads after
 * an action; `unmask` follows the page's personal-data toggle.
 */

export const TX_PAGE = 25;
export const HISTORY_PAGE = 15;
export const EVIDENCE_PAGE = 15;

interface PartProps {
  caseId: string;
  version: string;
  unmask: boolean;
}

function Loading() {
  const { t } = useI18n();
  return <StatusMessage kind="loading" text={t('common.loading')} />;
}

export function PagedTransactions({
  caseId, version, unmask, evidenceTx, focusTx, onFocus,
}: PartProps & { evidenceTx: EvidenceTransaction[]; focusTx: string | null; onFocus: (id: string | null) => void }) {
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi((s) => api.caseAlerts(caseId, { limit: TX_PAGE, offset, unmask }, s), [caseId, offset, version, unmask]);
  if (!data) return error ? <ApiErrorMessage error={error} onRetry={reload} /> : <Loading />;
  return (
    <div data-testid="tx-part" data-total={data.total}>
      <TransactionsTable alerts={data.alerts} evidenceTx={evidenceTx} focusTx={focusTx} onFocus={onFocus} />
      <Pager offset={offset} limit={TX_PAGE} total={data.total} count={data.alerts.length} onOffset={setOffset} />
    </div>
  );
}

/** The history, newest first. */
export function PagedHistory({ caseId, version, unmask }: PartProps) {
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi(
    (s) => api.caseEvents(caseId, { limit: HISTORY_PAGE, offset, order: 'desc', unmask }, s), [caseId, offset, version, unmask],
  );
  if (!data) return error ? <ApiErrorMessage error={error} onRetry={reload} /> : <Loading />;
  return (
    <div data-testid="history-part" data-total={data.total}>
      <EventTimeline events={data.events} />
      <Pager offset={offset} limit={HISTORY_PAGE} total={data.total} count={data.events.length} onOffset={setOffset} />
    </div>
  );
}

export function PagedEvidence({ caseId, version, unmask }: PartProps) {
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useApi(
    (s) => api.caseEvidence(caseId, { limit: EVIDENCE_PAGE, offset, unmask }, s), [caseId, offset, version, unmask],
  );
  if (!data) return error ? <ApiErrorMessage error={error} onRetry={reload} /> : <Loading />;
  return (
    <div data-testid="evidence-part" data-total={data.total}>
      <EvidenceList evidence={data.evidence} />
      <Pager offset={offset} limit={EVIDENCE_PAGE} total={data.total} count={data.evidence.length} onOffset={setOffset} />
    </div>
  );
}
