import { useTranslation } from 'react-i18next';
import { SigndeskError, type ErrorCode } from '../../../preload/contract/index';
import { errorText } from '../i18n/error-text';

/**
 * A coded error in the user's language (`errors:<CODE>`). The developer message never shows in the text: it sits,
 * with the code, in a closed "technical details" disclosure for support. A string is a message already translated.
 */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  if (typeof error === 'string') {
    return (
      <div className="error-message" role="alert">
        <p>{error}</p>
      </div>
    );
  }
  const code: ErrorCode = error instanceof SigndeskError ? error.code : 'ERR_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof SigndeskError ? error.details : undefined;
  return (
    <div className="error-message" role="alert" data-error-code={code}>
      <p>{errorText(t, i18n.language, code, details)}</p>
      <details className="error-technical">
        <summary>{t('errors:technical')}</summary>
        <code>
          {code}: {message}
        </code>
      </details>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}
