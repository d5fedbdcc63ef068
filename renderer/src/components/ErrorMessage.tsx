import { useTranslation } from 'react-i18next';
import { SigndeskError } from '../../../preload/contract/index';

/** A coded error in the user's language: `errors:<CODE>` when translated, else the generic line. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const code = error instanceof SigndeskError ? error.code : 'ERR_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const key = `errors:${code}`;
  const text = i18n.exists(key) ? t(key, { ...(error instanceof SigndeskError ? error.details : {}), message }) : t('errors.generic', { message });
  return (
    <div className="error-message" role="alert" data-error-code={code}>
      <p>{text}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}
