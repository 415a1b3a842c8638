import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18nContext';
import { StatusMessage } from './StatusMessage';

export function ApiErrorMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = error.status === 0
    ? t('common.networkError')
    : error.status === 403
      ? t('common.forbidden')
      : t('common.error', { status: error.status, message: error.message });
  return (
    <StatusMessage kind="error" text={text} testId="api-error">
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </StatusMessage>
  );
}
