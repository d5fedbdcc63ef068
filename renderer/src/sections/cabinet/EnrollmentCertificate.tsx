import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentReview } from '../../../../preload/contract/index';
import { identifierLabel } from '../../i18n/pki-terms';
import './wizards-i18n';

/** The certificate the CA prepared, for the applicant to check before accepting it. */
export function EnrollmentCertificate({ review }: { review: EnrollmentReview }) {
  const { t, i18n } = useTranslation('wizards');
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { year: 'numeric', month: 'long', day: 'numeric' });
  const identifiers = Object.entries(review.identifiers);
  return (
    <>
      <h3>{t('newKey.certificateTitle')}</h3>
      <p>{t('newKey.certificateText')}</p>
      <dl className="facts" data-testid="new-key-certificate">
        <dt>{t('newKey.subject')}</dt>
        <dd data-testid="new-key-certificate-owner">{review.owner ?? review.subject}</dd>
        {review.organisation ? (
          <>
            <dt>{t('newKey.organisation')}</dt>
            <dd>{review.organisation}</dd>
          </>
        ) : null}
        {identifiers.map(([name, value]) => (
          <Fragment key={name}>
            <dt>{identifierLabel(t, name)}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>{t('newKey.issuer')}</dt>
        <dd className="wrap-anywhere">{review.issuerName ?? review.issuer}</dd>
        <dt>{t('newKey.validity')}</dt>
        <dd>{t('newKey.validityRange', { from: date(review.notBefore), to: date(review.notAfter) })}</dd>
        <dt>{t('newKey.serial')}</dt>
        <dd className="wrap-anywhere">{review.serial}</dd>
        <dt>{t('newKey.fingerprint')}</dt>
        <dd className="wrap-anywhere mono">{review.fingerprintSha256}</dd>
      </dl>
    </>
  );
}
