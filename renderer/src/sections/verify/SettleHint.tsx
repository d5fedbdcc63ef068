import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkVerifyItem, VerifyReport } from '../../../../preload/contract/domains/verify';
import { TRUSTED_CERTIFICATES_ROUTE } from '../settings/trust-display';
import { bulkSettleReasons, settleReasons, type SettleReason } from './settle-reasons';
import { TrustFromSignatureDialog } from './TrustFromSignatureDialog';
import './trust-i18n';

/**
 * Under an "indeterminate" verdict: in plain words what would settle it, with the way there (Settings → Trusted
 * certificates, trusting the issuer from the signature's chain after a warning, or the CA profiles).
 */
export function SettleHint({ report, onTrusted }: { report: VerifyReport; onTrusted(): void }) {
  const [trusting, setTrusting] = useState(false);
  const reasons = settleReasons(report);
  if (reasons.length === 0) return null;
  return (
    <SettleNotice reasons={reasons} testId="verify-settle" fromChain={() => setTrusting(true)}>
      {trusting ? (
        <TrustFromSignatureDialog
          signaturePath={report.signaturePath}
          onClose={() => setTrusting(false)}
          onTrusted={() => {
            setTrusting(false);
            onTrusted();
          }}
        />
      ) : null}
    </SettleNotice>
  );
}

/** Above a packet's verdicts: what would settle its indeterminate files (trust, revocation sources). */
export function BulkSettleHint({ files }: { files: readonly BulkVerifyItem[] }) {
  const reasons = bulkSettleReasons(files);
  return reasons.length === 0 ? null : <SettleNotice reasons={reasons} testId="verify-bulk-settle" />;
}

function SettleNotice({ reasons, testId, fromChain, children }: { reasons: SettleReason[]; testId: string; fromChain?: () => void; children?: ReactNode }) {
  const { t } = useTranslation('verifyTrust');
  return (
    <div className="notice settle-hint" data-testid={testId}>
      {reasons.map((reason) => (
        <p key={reason} data-testid={`settle-${reason}`}>{t(`settle.${reason}`)}</p>
      ))}
      <div className="toolbar">
        {reasons.includes('untrusted') ? (
          <>
            <a className="button" href={TRUSTED_CERTIFICATES_ROUTE} data-testid="settle-open-trusted">{t('openTrusted')}</a>
            {fromChain ? <button type="button" onClick={fromChain} data-testid="settle-from-chain">{t('fromChain')}</button> : null}
          </>
        ) : null}
        {reasons.includes('revocation') ? <a className="button" href="#/settings" data-testid="settle-open-settings">{t('openSettings')}</a> : null}
      </div>
      {children}
    </div>
  );
}
