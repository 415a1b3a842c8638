import { useState } from 'react';
import { ApiError } from '../api/client';
import * as api from '../api/endpoints';
import { useI18n } from '../i18n/I18nContext';

/** Adds a comment to the case history (`action: 'comment'`). */
export function CommentBox({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const note = text.trim();
    if (!note) {
      setError(t('comment.empty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // The text goes as `text` (what the workflow reads) and as `note` (the documented field).
      await api.caseAction(caseId, { action: 'comment', text: note, note });
      setText('');
      onDone();
    } catch (e) {
      setError(t('action.failed', { message: e instanceof ApiError ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="comment-box">
      <textarea
        rows={3}
        maxLength={20000}
        value={text}
        placeholder={t('comment.placeholder')}
        onChange={(e) => setText(e.target.value)}
        data-testid="comment-input"
      />
      <div className="action-row">
        <button type="button" className="btn" disabled={busy} onClick={submit} data-testid="action-comment">
          {t('action.comment')}
        </button>
        {error && (
          <span className="text-danger small" role="alert" data-testid="comment-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
