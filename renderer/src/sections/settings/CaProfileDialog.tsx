import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaProfile } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { certificateFileText, draftOf, emptyDraft, validateDraft, type CaProfileDraft, type CaProfileField, type FieldErrors } from './ca-profile-form';

const FIELD_ORDER: readonly CaProfileField[] = ['name', 'cmpUrl', 'ocspUrl', 'crlUrls', 'tsaUrl', 'trustAnchors'];

/** Adds or edits a CA profile; errors show beside their fields, and focus goes to the first of them. */
export function CaProfileDialog({ profile, onClose, onSaved }: { profile: CaProfile | undefined; onClose(): void; onSaved(profile: CaProfile): void }) {
  const { t } = useTranslation('caProfiles');
  const [draft, setDraft] = useState<CaProfileDraft>(() => (profile ? draftOf(profile) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const set = (field: CaProfileField) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft((current) => ({ ...current, [field]: event.target.value }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const checked = validateDraft(draft);
    setErrors(checked.errors);
    const first = FIELD_ORDER.find((name) => checked.errors[name]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onSaved(await api().ca.saveProfile({ profile: checked.profile }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    const texts = await Promise.all(files.map(async (file) => certificateFileText(new Uint8Array(await file.arrayBuffer()))));
    setDraft((current) => ({ ...current, trustAnchors: [current.trustAnchors.trim(), ...texts].filter(Boolean).join('\n') }));
  };

  const field = (name: CaProfileField, options: { hint?: string; multiline?: boolean; required?: boolean } = {}) => {
    const fieldId = `${id}-${name}`;
    const problem = errors[name];
    const described = [options.hint ? `${fieldId}-hint` : '', problem ? `${fieldId}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id: fieldId,
      value: draft[name],
      onChange: set(name),
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': described,
      'data-testid': `ca-${name}`,
      spellCheck: false,
    };
    return (
      <div className="field">
        <label htmlFor={fieldId}>{t(name)}</label>
        {options.multiline ? <textarea {...common} rows={name === 'trustAnchors' ? 6 : 3} className="mono" /> : <input {...common} required={options.required} className={name === 'name' ? undefined : 'mono'} />}
        {options.hint ? <span id={`${fieldId}-hint`} className="field-hint">{options.hint}</span> : null}
        {problem ? <span id={`${fieldId}-error`} className="field-error" data-testid={`ca-${name}-error`}>{t(`invalid.${problem}`, { defaultValue: t('invalid.invalid_type') })}</span> : null}
      </div>
    );
  };

  return (
    <Dialog
      title={profile ? t('editTitle', { name: profile.name }) : t('addTitle')}
      onClose={onClose}
      testId="ca-profile-dialog"
      wide
      actions={
        <>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
          <button type="submit" form={`${id}-form`} className="primary" disabled={busy} data-testid="ca-save">{t('save')}</button>
        </>
      }
    >
      <form id={`${id}-form`} noValidate onSubmit={(event) => void onSubmit(event)}>
        {field('name', { required: true })}
        {field('cmpUrl', { hint: t('cmpHint') })}
        {field('ocspUrl', { hint: t('ocspHint') })}
        {field('crlUrls', { hint: t('crlHint'), multiline: true })}
        {field('tsaUrl')}
        {field('trustAnchors', { hint: t('trustHint'), multiline: true })}
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('pickFile')}</label>
          <input id={`${id}-file`} type="file" accept=".pem,.crt,.cer,.der" multiple onChange={(event) => void onFile(event)} data-testid="ca-anchor-file" />
        </div>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
