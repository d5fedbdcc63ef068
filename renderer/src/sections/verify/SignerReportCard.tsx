import { useTranslation } from 'react-i18next';
import type { SignerReport } from '../../../../preload/contract/domains/verify';
import { formatDateTime } from '../../format/format';

type Mark = 'ok' | 'bad' | 'unknown' | 'na';

function mark(value: boolean | null): Mark {
  return value === null ? 'na' : value ? 'ok' : 'bad';
}

const ICONS: Record<Mark, string> = { ok: '✓', bad: '✗', unknown: '?', na: '–' };
const BADGE: Record<Mark, string> = { ok: 'ok', bad: 'danger', unknown: 'warn', na: '' };

/** One signer in plain words: who, when, and each check as a sentence; the technical facts folded away. */
export function SignerReportCard({ signer, index }: { signer: SignerReport; index: number }) {
  const { t, i18n } = useTranslation('verify');
  const revocation: Mark =
    signer.checks.revocation === null || signer.checks.revocation === 'skipped'
      ? 'na'
      : signer.checks.revocation === 'good'
        ? 'ok'
        : signer.checks.revocation === 'revoked'
          ? 'bad'
          : 'unknown';
  const checks: Array<[string, Mark]> = [
    ['signature', mark(signer.checks.signature)],
    ['messageDigest', mark(signer.checks.messageDigest)],
    ['signingCertificate', mark(signer.checks.signingCertificate)],
    ['chain', mark(signer.checks.chain)],
    ['revocation', revocation],
  ];
  const verdict = signer.indication === 'TOTAL-PASSED' ? 'ok' : signer.indication === 'TOTAL-FAILED' ? 'bad' : 'unknown';
  return (
    <article className="card signer-report" data-testid="signer-report" data-indication={signer.indication} aria-labelledby={`signer-${index}`}>
      <h3 id={`signer-${index}`}>
        <span className={`badge ${BADGE[verdict]}`}>{t(`verdict.${verdict}`)}</span> {signer.subject}
      </h3>
      <dl className="facts">
        {Object.entries(signer.identifiers).map(([name, value]) => (
          <FactRow key={name} term={name} value={value} />
        ))}
        <FactRow term={t('signingTime')} value={formatDateTime(signer.signingTime, i18n.language)} />
        <FactRow term={t('validity')} value={`${formatDateTime(signer.notBefore, i18n.language)} — ${formatDateTime(signer.notAfter, i18n.language)}`} />
      </dl>
      <ul className="checks">
        {checks.map(([name, value]) => (
          <li key={name} data-testid={`check-${name}`} data-result={value}>
            <span className={`check-icon ${BADGE[value]}`} aria-hidden="true">{ICONS[value]}</span>
            <span>{t(`checks.${name}_${value === 'na' && name === 'revocation' && signer.checks.revocation === 'skipped' ? 'skipped' : value}`)}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('technical')}</summary>
        <dl className="facts mono">
          <FactRow term="indication" value={signer.indication} />
          <FactRow term="issuer" value={signer.issuer} />
          <FactRow term="serial" value={signer.serial} />
          {Object.entries(signer.details).map(([name, value]) => (
            <FactRow key={name} term={name} value={value} />
          ))}
          {signer.errors.map((error, i) => (
            <FactRow key={`e${i}`} term={error.code} value={error.message} />
          ))}
        </dl>
      </details>
    </article>
  );
}

function FactRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
