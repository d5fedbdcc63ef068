import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import './i18n';

/**
 * Shown above any screen after a restart when a signing batch was left unfinished, so it is noticed at once;
 * the To sign screen then offers to resume it.
 */
export function InterruptedBatchNotice({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation('toSign');
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    // No error shown here: the To sign screen reports it when opened.
    api()
      .queue.interrupted()
      .then((batches) => live && setCount(batches.length))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (count === 0) return null;
  return (
    <div className="notice interrupted-notice" role="status" data-testid="interrupted-notice">
      <span>{t('interrupted.notice', { count })}</span>{' '}
      <button type="button" onClick={onOpen} data-testid="interrupted-notice-open">
        {t('interrupted.open')}
      </button>
    </div>
  );
}
