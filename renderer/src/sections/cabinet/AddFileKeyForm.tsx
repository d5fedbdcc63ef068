import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SigndeskError, type CabinetKey } from '../../../../preload/contract/index';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { keyFileFromTypedPath, pickKeyFile, uploadKeyFile, type KeyFile } from './key-file-intake';
import { useAddKey } from './use-add-key';

/** A key file by the OS dialog (a browser: `<input type=file>`), a drop on the cabinet, or a typed path; then its password. */
export function AddFileKeyForm({ formId, dropped, onBusy, onReady, onAdded }: {
  formId: string;
  dropped: KeyFile | undefined;
  onBusy(busy: boolean): void;
  onReady(ready: boolean): void;
  onAdded(key: CabinetKey): void;
}) {
  const { t } = useTranslation('cabinetAdd');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<KeyFile | undefined>(dropped);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const { error, setError, add } = useAddKey({ onBusy, onAdded, clearSecret: () => setPassword('') });
  // A PKCS#12 without its integrity MAC is refused until the user, told why, accepts it for this file.
  const [unprotected, setUnprotected] = useState<string>();
  const [acceptMissingMac, setAcceptMissingMac] = useState(false);
  const file = typed.trim() ? keyFileFromTypedPath(typed) : picked;
  const askAcceptance = unprotected !== undefined && unprotected === file?.path;

  useEffect(() => {
    if (dropped) {
      setPicked(dropped);
      setTyped('');
      setError(undefined);
    }
  }, [dropped]);
  useEffect(() => onReady(Boolean(file) && password.length > 0), [file, password, onReady]);

  const choose = async () => {
    setError(undefined);
    try {
      const answer = await pickKeyFile();
      if (!answer.native) input.current?.click();
      else if (answer.file) {
        setPicked(answer.file);
        setTyped('');
      }
    } catch (caught) {
      setError(caught);
    }
  };
  const onPicked = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setError(undefined);
    try {
      setPicked(await uploadKeyFile(chosen));
      setTyped('');
    } catch (caught) {
      setError(caught);
    }
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !password) return;
    const accepted = askAcceptance && acceptMissingMac ? { acceptMissingMac: true } : {};
    const caught = await add({ source: 'file', path: file.path, fileName: file.name, password, ...(name.trim() ? { name: name.trim() } : {}), ...accepted });
    if (caught instanceof SigndeskError && caught.code === 'ERR_KEY_FILE_UNPROTECTED') {
      setUnprotected(file.path);
      setAcceptMissingMac(false);
    }
  };

  return (
    <form id={formId} onSubmit={(event) => void onSubmit(event)} data-testid="add-key-file-form">
      <div className="add-key-file">
        <button type="button" onClick={() => void choose()} data-testid="add-key-choose">{t('choose')}</button>
        <span className={file ? 'add-key-chosen' : 'muted'} data-testid="add-key-chosen">{file ? t('chosen', { name: file.name }) : t('noFile')}</span>
      </div>
      <p className="field-hint">{t('dropHint')}</p>
      <input ref={input} type="file" hidden tabIndex={-1} aria-hidden="true" onChange={(event) => void onPicked(event)} data-testid="add-key-file-input" />
      <div className="field">
        <label htmlFor={`${id}-path`}>{t('typedPath')}</label>
        <input id={`${id}-path`} className="mono" value={typed} onChange={(event) => setTyped(event.target.value)} spellCheck={false} data-testid="add-key-path" />
      </div>
      <SecretField label={t('password')} value={password} onChange={setPassword} testId="add-key-password" />
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('name')}</label>
        <input id={`${id}-name`} value={name} maxLength={120} placeholder={t('namePlaceholder')} onChange={(event) => setName(event.target.value)} data-testid="add-key-name" />
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {askAcceptance ? (
        <label className="checkbox add-key-accept">
          <input type="checkbox" checked={acceptMissingMac} onChange={(event) => setAcceptMissingMac(event.target.checked)} data-testid="add-key-accept-no-mac" />
          {t('acceptNoMac')}
        </label>
      ) : null}
    </form>
  );
}
