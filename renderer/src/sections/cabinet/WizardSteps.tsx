import { useTranslation } from 'react-i18next';

/** The wizard's steps as an ordered list; the current one is marked for assistive technology. */
export function WizardSteps({ names, current }: { names: readonly string[]; current: number }) {
  const { t } = useTranslation('cabinet');
  return (
    <>
      <ol className="wizard-steps" aria-hidden="true">
        {names.map((name, index) => (
          <li key={name} aria-current={index === current ? 'step' : undefined}>
            {index + 1}. {name}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite" data-testid="wizard-step">
        {t('temporary.stepOf', { step: current + 1, count: names.length, name: names[current] })}
      </p>
    </>
  );
}
