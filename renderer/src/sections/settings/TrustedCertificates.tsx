import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TrustAddResult, TrustedCertificate } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format/format';
import { certificateName, fileAsBase64, formatFingerprint, isExpired, TRUSTED_CERTIFICATES_ROUTE } from './trust-display';
import './trusted-certificates-i18n';
import './trusted-certificates.css';

/** The status line after adding: what became trusted and what already was. */
export function addedMessage(t: TFunction<'trustedCertificates'>, result: TrustAddResult): string {
  const names = (list: TrustedCertificate[]) => list.map(certificateName).join(', ');
  return [
    result.added.length > 0 ? t('added', { count: result.added.length, names: names(result.added) }) : '',
    result.already.length > 0 ? t('already', { names: names(result.already) }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Settings → Trusted certificates: the trust anchors Verify and the cabinet use (beside the CA profiles'), each with
 * its subject, issuer, validity and fingerprint; added from a file, removed after a confirmation.
 */
export function TrustedCertificates() {
  const { t, i18n } = useTranslation('trustedCertificates');
  const [list, setList] = useState<TrustedCertificate[]>();
  const [removing, setRemoving] = useState<TrustedCertificate>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  const reload = useCallback(async () => {
    try {
      setList(await api().trust.list({}));
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  // Verify's "add it in Settings → Trusted certificates" lands here, once the list is in place (after the app has
  // moved focus to the section).
  const landed = useRef(false);
  useEffect(() => {
    if (!list || landed.current || window.location.hash !== TRUSTED_CERTIFICATES_ROUTE) return;
    const timer = window.setTimeout(() => {
      landed.current = true;
      heading.current?.focus({ preventScroll: true });
      heading.current?.scrollIntoView({ block: 'start' });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [list]);

  const added = async (pending: Promise<TrustAddResult>) => {
    setError(undefined);
    setStatus('');
    try {
      setStatus(addedMessage(t, await pending));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const pick = async () => {
    try {
      const answer = await api().files.openDialog({ kind: 'files', multiple: true, filter: 'any' });
      if (!answer.native) fileInput.current?.click();
      else for (const path of answer.paths) await added(api().trust.add({ path }));
    } catch (caught) {
      setError(caught);
    }
  };
  const onPicked = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    for (const file of files) await added(fileAsBase64(file).then((content) => api().trust.add({ content })));
  };
  const remove = async (certificate: TrustedCertificate) => {
    setError(undefined);
    try {
      await api().trust.remove({ fingerprint: certificate.fingerprint });
      setRemoving(undefined);
      setStatus(t('removed', { name: certificateName(certificate) }));
      await reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section className="card trusted-certificates" aria-labelledby={`${id}-title`} data-testid="trusted-certificates" id="trusted-certificates">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>{t('title')}</h2>
      <p className="field-hint">{t('hint')}</p>
      {list && list.length === 0 ? <p className="muted" data-testid="trusted-none">{t('none')}</p> : null}
      <ul className="trusted-list" aria-label={t('listLabel')}>
        {list?.map((certificate) => (
          <li key={certificate.fingerprint} data-testid="trusted-certificate" data-fingerprint={certificate.fingerprint}>
            <div className="trusted-head">
              <strong>{certificateName(certificate)}</strong>
              {certificate.organisation ? <span className="muted">{certificate.organisation}</span> : null}
              <span className={`badge${certificate.isCa ? '' : ' warn'}`}>{certificate.isCa ? t('ca') : t('notCa')}</span>
              {isExpired(certificate) ? <span className="badge danger">{t('expired')}</span> : null}
              <button type="button" className="danger trusted-remove" onClick={() => setRemoving(certificate)} data-testid="trusted-remove">
                {t('remove')}
                <span className="visually-hidden">{` — ${certificateName(certificate)}`}</span>
              </button>
            </div>
            <dl className="facts">
              <dt>{t('subject')}</dt>
              <dd>{certificate.subject}</dd>
              <dt>{t('issuer')}</dt>
              <dd>{certificate.selfSigned ? t('selfSigned') : certificate.issuer}</dd>
              <dt>{t('validity')}</dt>
              <dd>{t('validityRange', { from: formatDateTime(certificate.notBefore, i18n.language), to: formatDateTime(certificate.notAfter, i18n.language) })}</dd>
              <dt>{t('fingerprint')}</dt>
              <dd className="mono" data-testid="trusted-fingerprint">{formatFingerprint(certificate.fingerprint)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void pick()} data-testid="trusted-add">{t('add')}</button>
      <input ref={fileInput} type="file" multiple hidden tabIndex={-1} aria-hidden="true" accept=".pem,.crt,.cer,.der,.p7b,.p7c" data-testid="trusted-file-input" onChange={(event) => void onPicked(event)} />
      <p role="status" className="trusted-status" data-testid="trusted-status">{status}</p>
      {error ? <ErrorMessage error={error} /> : null}
      {removing ? (
        <Dialog
          title={t('removeTitle', { name: certificateName(removing) })}
          onClose={() => setRemoving(undefined)}
          testId="trusted-remove-dialog"
          actions={
            <>
              <button type="button" onClick={() => setRemoving(undefined)} autoFocus>{t('cancel')}</button>
              <button type="button" className="danger" onClick={() => void remove(removing)} data-testid="trusted-remove-confirm">{t('remove')}</button>
            </>
          }
        >
          <p>{t('removeText')}</p>
          <p className="mono">{formatFingerprint(removing.fingerprint)}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
