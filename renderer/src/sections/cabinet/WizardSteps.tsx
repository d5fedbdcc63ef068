import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { firstFocusable, focusIsLost } from '../../components/focus';

/**
 * The wizard's steps as an ordered list; the current one is marked for assistive technology. On a new step focus
 * goes to its first field (or, when the button that had it is gone, to the first thing in the step), never to the
 * page start.
 */
export function WizardSteps({ names, current }: { names: readonly string[]; current: number }) {
  const { t } = useTranslation('cabinet');
  const status = useRef<HTMLParagraphElement>(null);
  const shown = useRef(current);
  useEffect(() => {
    if (shown.current === current) return;
    shown.current = current;
    const body = status.current?.parentElement;
    const field = firstFocusable(body, true);
    if (field) field.focus();
    else if (focusIsLost()) firstFocusable(status.current?.closest('dialog') ?? body)?.focus();
  }, [current]);
  return (
    <>
      <ol className="wizard-steps" aria-hidden="true">
        {names.map((name, index) => (
          <li key={name} aria-current={index === current ? 'step' : undefined}>
            {index + 1}. {name}
          </li>
        ))}
      </ol>
      <p ref={status} className="visually-hidden" aria-live="polite" data-testid="wizard-step">
        {t('temporary.stepOf', { step: current + 1, count: names.length, name: names[current] })}
      </p>
    </>
  );
}
