import { useTranslation } from 'react-i18next';
import type { SignerReport } from '../../../../preload/contract/domains/verify';
import { formatDateTime } from '../../format/format';
import './trust-i18n';
import { errorText } from '../../i18n/error-text';
import { personOf, reportDetail } from '../../i18n/pki-terms';
import { Party } from '../../identity/Party';

type Mark = 'ok' | 'bad' | 'unknown' | 'na';

function mark(value: boolean | null): Mark {
  return value === null ? 'na' : value ? 'ok' : 'bad';
}

const ICONS: Record<Mark, string> = { ok: '✓', bad: '✗', unknown: '?', na: '–' };
const BADGE: Record<Mark, string> = { ok: 'ok', bad: 'danger', unknown: 'warn', na: '' };

/**
 * One signer in plain words: who, when, its CAdES level and time-stamps, each check as a sentence, findings in the
 * user's language, the technical facts folded away; counter-signers nested under the signer they counter-sign.
 */
export function SignerReportCard({ signer, index, depth = 0 }: { signer: SignerReport; index: number | string; depth?: number }) {
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
        {depth > 0 ? <span className="muted counter-label">{t('counterSigner')}</span> : null}
        <span className={`badge ${BADGE[verdict]}`}>{t(`verdict.${verdict}`)}</span>{' '}
        <span data-testid="signer-name">{signer.owner ?? (signer.subject ? personOf(signer.subject) : t('unknownSigner'))}</span>
        {signer.level && signer.level !== 'CMS' ? (
          <span className="badge" data-testid="signer-level" title={signer.legacyLevel ? `CAdES-${signer.legacyLevel}` : undefined}>
            {`CAdES ${signer.level}`}
          </span>
        ) : null}
      </h3>
      <div className="signer-party" data-testid="signer-party">
        <Party party={signer} withName={false} />
      </div>
      <dl className="facts">
        <FactRow term={t('signingTime')} value={formatDateTime(signer.signingTime, i18n.language)} />
        <FactRow term={t('validity')} value={`${formatDateTime(signer.notBefore, i18n.language)} — ${formatDateTime(signer.notAfter, i18n.language)}`} />
        {(signer.timestamps ?? []).map((stamp, i) => (
          <FactRow key={`ts${i}`} term={t(`timestamp.${stamp.kind}`)} value={stamp.valid ? `${formatDateTime(stamp.time, i18n.language)}${stamp.tsa ? ` — ${stamp.tsa}` : ''}` : t('timestamp.invalid')} />
        ))}
        {signer.validationData === 'signature' ? <FactRow term={t('validationData')} value={t('ownValidationData')} /> : null}
      </dl>
      <ul className="checks">
        {checks.map(([name, value]) => (
          <li key={name} data-testid={`check-${name}`} data-result={value}>
            <span className={`check-icon ${BADGE[value]}`} aria-hidden="true">{ICONS[value]}</span>
            <span>{t(`checks.${name}_${value === 'na' && name === 'revocation' && signer.checks.revocation === 'skipped' ? 'skipped' : value}`)}</span>
          </li>
        ))}
      </ul>
      {[...signer.errors, ...(signer.warnings ?? [])].length > 0 ? (
        <ul className="findings" data-testid="signer-findings">
          {[...new Set([...signer.errors, ...(signer.warnings ?? [])].map((finding) => finding.code))].map((code) => (
            <li key={code} className={code.startsWith('WARN_') ? 'muted' : 'error-message'}>
              {t(`verifyTrust:findings.${code}`, { defaultValue: errorText(t, i18n.language, code) })}
            </li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>{t('technical')}</summary>
        <dl className="facts mono">
          {[['indication', signer.indication] as const, ['subject', signer.subject] as const, ['issuer', signer.issuer] as const, ['serial', signer.serial] as const, ...Object.entries(signer.details)].map(([name, value]) => {
            const detail = reportDetail(t, i18n.language, name, String(value ?? ''));
            return <FactRow key={name} term={detail.term} value={detail.value} />;
          })}
          {[...signer.errors, ...(signer.warnings ?? [])].map((finding, i) => (
            <FactRow key={`f${i}`} term={finding.code} value={errorText(t, i18n.language, finding.code)} />
          ))}
        </dl>
      </details>
      {(signer.counterSigners ?? []).length > 0 ? (
        <section className="counter-signers" aria-label={t('counterSigners')} data-testid="counter-signers">
          {(signer.counterSigners ?? []).map((counter, i) => (
            <SignerReportCard key={i} signer={counter} index={`${index}-${i}`} depth={depth + 1} />
          ))}
        </section>
      ) : null}
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
