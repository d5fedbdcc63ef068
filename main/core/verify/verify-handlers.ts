import type { Handlers } from '../api/guard';
import type { RevocationChecker } from '../pki/revocation';
import { verifySignatureFile } from '../cms';
import { loadTrustStore } from '../pki';

export interface VerifyHandlerDeps {
  dataDir: string;
  /** OCSP / CRL through the cached revocation service. */
  checkRevocation: RevocationChecker;
}

/** `verify:signature`: every signer against the app's trust store (`<dataDir>/trust/`), revocation online unless skipped. */
export function createVerifyHandlers(deps: VerifyHandlerDeps): Pick<Handlers, 'verify:signature'> {
  return {
    'verify:signature': async ({ signaturePath, contentPath, noRevocation }) =>
      verifySignatureFile({
        signaturePath,
        ...(contentPath !== undefined ? { contentPath } : {}),
        trustAnchors: await loadTrustStore(deps.dataDir),
        revocation: noRevocation ? 'skip' : deps.checkRevocation,
      }),
  };
}
