import { useState } from 'react';
import type { PartyRecord } from '../api/types';
import { Pager } from '../components/Pager';
import { useI18n } from '../i18n/I18nContext';

const PAGE = 15;

/** The account holders KYC knows for this case (masked by the server for roles that may not see them). */
export function PartiesTable({ parties }: { parties: Record<string, PartyRecord> }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const rows = Object.values(parties);
  if (rows.length === 0) return <p className="muted">{t('case.noParties')}</p>;
  return (
    <>
    <table className="table" data-testid="parties-table">
      <thead>
        <tr>
          <th>{t('case.partyAccount')}</th>
          <th>{t('case.partyName')}</th>
          <th>{t('case.partyId')}</th>
          <th>{t('case.partyAccountNumber')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(offset, offset + PAGE).map((p) => (
          <tr key={p.account}>
            <td>{p.account}</td>
            <td>{p.person?.name ?? p.entity?.name ?? p.account_name ?? '—'}</td>
            <td>{p.person?.id_number ?? p.entity?.registration_number ?? '—'}</td>
            <td>{p.account_number ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <Pager offset={offset} limit={PAGE} total={rows.length} count={Math.min(PAGE, rows.length - offset)} onOffset={setOffset} />
    </>
  );
}
