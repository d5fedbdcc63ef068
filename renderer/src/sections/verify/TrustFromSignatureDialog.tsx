import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainCertificate } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAsyncAction } from '../../components/use-async-action';
import { formatDateTime } from '../../format/format';
import { certificateName, formatFingerprint } from '../settings/trust-display';
import './trust-i18n';

/** The issuers a signature carries, the top of the chain chosen first; trusting one needs the user's confirmation. */
export function TrustFromSignatureDialog({ signaturePath, onClose, onTrusted }: { signaturePath: string; onClose(): void; onTrusted(): void }) {
  const { t, i18n } = useTranslation('verifyTrust');
  const [issuers, setIssuers] = useState<ChainCertificate[]>();
  const [chosen, setChosen] = useState<string>();
  const [loadError, setLoadError] = useState<unknown>();
  const trust = useAsyncAction(async (fingerprint: string) => {
    await api().trust.addFromSignature({ signaturePath, fingerprint });
    onTrusted();
  });
  const error = loadError ?? trust.error;
  const id = useId();

  useEffect(() => {
    let live = true;
    api()
      .trust.signatureChain({ signaturePath })
      .then((chain) => {
        if (!live) return;
        const found = chain.filter((certificate) => certificate.depth > 0);
        setIssuers(found);
        const top = [...found].reverse().find((certificate) => !certificate.trusted);
        setChosen(top?.fingerprint);
      }, setLoadError);
    return () => {
      live = false;
    };
  }, [signaturePath]);

  return (
    <Dialog
      title={t('dialog.title')}
      onClose={onClose}
      testId="trust-from-chain-dialog"
      wide
      actions={
        <>
          <button type="button" onClick={onClose} autoFocus>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={!chosen || trust.busy} onClick={() => chosen && void trust.run(chosen)} data-testid="trust-from-chain-confirm">
            {t('dialog.confirm')}
          </button>
        </>
      }
    >
      <p className="notice" data-testid="trust-from-chain-warning">{t('dialog.warning')}</p>
      {issuers === undefined && !error ? <p className="muted">{t('dialog.loading')}</p> : null}
      {issuers && issuers.length === 0 ? <p data-testid="trust-from-chain-none">{t('dialog.noIssuers')}</p> : null}
      {issuers && issuers.length > 0 ? (
        <fieldset className="trust-chain">
          <legend>{t('dialog.choose')}</legend>
          {issuers.map((certificate) => (
            <label key={certificate.fingerprint} className="trust-chain-item" data-testid="trust-chain-item">
              <input
                type="radio"
                name={`${id}-chain`}
                value={certificate.fingerprint}
                checked={chosen === certificate.fingerprint}
                disabled={certificate.trusted}
                onChange={() => setChosen(certificate.fingerprint)}
              />
              <span>
                <strong>{certificateName(certificate)}</strong>{' '}
                <span className="muted">({certificate.depth === 0 ? t('dialog.depth0') : t('dialog.depthN', { depth: certificate.depth })}{certificate.trusted ? `, ${t('dialog.trusted')}` : ''})</span>
                <br />
                <span className="muted">{`${formatDateTime(certificate.notBefore, i18n.language)} — ${formatDateTime(certificate.notAfter, i18n.language)}`}</span>
                <br />
                <span className="mono">{formatFingerprint(certificate.fingerprint)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
