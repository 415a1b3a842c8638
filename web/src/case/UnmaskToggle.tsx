import { useI18n } from '../i18n/I18nContext';

/** For roles that may see personal data: show it on this case (the server records each unmasking in the audit log). */
export function UnmaskToggle({ unmask, onChange }: { unmask: boolean; onChange: (unmask: boolean) => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-small" data-testid="unmask-toggle" aria-pressed={unmask} onClick={() => onChange(!unmask)}>
      {unmask ? t('case.mask') : t('case.unmask')}
    </button>
  );
}
