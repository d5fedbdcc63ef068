import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey, CertificateView } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { distinguishedName, identifierLabel, keyUsageLabel } from '../../i18n/pki-terms';
import './ca-i18n';
import { effectiveProfile } from './ca-profile-choice';
import { useCaProfiles } from './use-ca-profiles';

export function CertificateDialog({ cabinetKey, onClose }: { cabinetKey: CabinetKey; onClose(): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const [view, setView] = useState<CertificateView>();
  const [error, setError] = useState<unknown>();
  const { t: tca } = useTranslation('cabinetCa');
  const { profiles } = useCaProfiles();
  const ca = profiles ? effectiveProfile(profiles, cabinetKey.caProfileId) : undefined;
  useEffect(() => {
    api().cabinet.certificate({ keyId: cabinetKey.id }).then(setView, setError);
  }, [cabinetKey.id]);
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <Dialog title={t('certificate.title', { name: cabinetKey.owner ?? cabinetKey.name })} onClose={onClose} testId="certificate-dialog" wide actions={<button type="button" onClick={onClose}>{t('close')}</button>}>
      {error ? <ErrorMessage error={error} /> : null}
      {view ? (
        <dl className="facts">
          <dt>{t('certificate.subject')}</dt>
          <dd>{distinguishedName(t, view.subject)}</dd>
          <dt>{t('certificate.issuer')}</dt>
          <dd>{distinguishedName(t, view.issuer)}</dd>
          <dt>{t('certificate.serial')}</dt>
          <dd className="mono">{view.serial}</dd>
          <dt>{t('certificate.validity')}</dt>
          <dd>{t('validityRange', { from: date(view.notBefore), to: date(view.notAfter) })}</dd>
          <dt>{t('certificate.usages')}</dt>
          <dd>{[...view.keyUsage, ...view.extendedKeyUsage].map((name) => keyUsageLabel(t, name)).join(', ') || '—'}</dd>
          <dt>{t('certificate.identifiers')}</dt>
          <dd data-testid="certificate-identifiers">
            {Object.entries(view.identifiers).map(([name, value]) => (
              <div key={name}>
                {identifierLabel(t, name)}: {value}
              </div>
            ))}
          </dd>
          <dt>{t('certificate.publicKey')}</dt>
          <dd>{view.publicKey}</dd>
          <dt>{tca('label')}</dt>
          <dd data-testid="certificate-ca">{ca ? (cabinetKey.caProfileId === ca.id ? ca.name : tca('defaultOption', { name: ca.name })) : tca('defaultNone')}</dd>
          <dt>{t('certificate.fingerprint')}</dt>
          <dd className="mono">{view.fingerprintSha256}</dd>
          <dt>{t('certificate.chain')}</dt>
          <dd>
            <ol>
              {view.chain.map((item, index) => (
                <li key={index}>{distinguishedName(t, item.subject)}</li>
              ))}
            </ol>
          </dd>
        </dl>
      ) : null}
    </Dialog>
  );
}
