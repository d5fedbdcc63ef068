import fs from 'node:fs/promises';
import path from 'node:path';
import { BULK_FULL_REPORTS } from '../../../preload/contract/domains/verify';
import { SigndeskError } from '../../../preload/contract/errors';
import type { Handlers } from '../../../preload/contract/api';
import { withRevocationSources, type RevocationChecker } from '../pki/revocation';
import { extendSignatureFile } from '../cms';
import { describeSignedFile, detectFormat, extractAsicDocuments } from '../formats';
import { loadVerificationTrust, type VerificationTrust } from './verification-trust';
import { summarize, verifyMany } from './bulk-verify';
import { pairSignatureFiles } from './signature-pairs';

export interface VerifyHandlerDeps {
  dataDir: string;
  /** OCSP / CRL through the cached revocation service. */
  checkRevocation: RevocationChecker;
  /**
   * The trust anchors and CA-profile revocation sources, read afresh for each verification (the cabinet's too);
   * default: the trusted certificates of `<dataDir>/trust/` alone.
   */
  trust?: () => Promise<VerificationTrust>;
  /** The settings' time-stamp server (for `verify:extend`). */
  tsaUrl?: () => Promise<string | null>;
  /** Called with a signature file after it was extended in place (the lead wires History's stored copy here). */
  onExtended?: (signaturePath: string) => Promise<void> | void;
}

/**
 * `verify:signature`: every signer against the trusted certificates (Settings and CA profiles), revocation online
 * from the sources the CA profiles set (as the cabinet checks a key) unless skipped, in whatever format the file is (recognised by content). `verify:describe` tells the Verify screen how to
 * pair dropped files; `verify:extract` writes an ASiC-E container's documents into a folder. `verify:bulk`: files and
 * folders, paired and verified in parallel. `verify:extend`: long-term CAdES in place.
 */
export function createVerifyHandlers(deps: VerifyHandlerDeps): Pick<Handlers, 'verify:signature' | 'verify:describe' | 'verify:extract' | 'verify:bulk' | 'verify:extend'> {
  const trustOf = deps.trust ?? (() => loadVerificationTrust({ dataDir: deps.dataDir, profiles: [], cabinetCertificates: [] }));
  return {
    'verify:signature': async ({ signaturePath, contentPath, noRevocation }) => {
      const trust = await trustOf();
      return detectFormat(signaturePath).verify({
        signaturePath,
        ...(contentPath !== undefined ? { contentPath } : {}),
        trustAnchors: trust.trustAnchors,
        revocation: noRevocation ? 'skip' : withRevocationSources(deps.checkRevocation, trust.revocationSources),
      });
    },
    'verify:describe': ({ path }) => describeSignedFile(path),
    'verify:extract': async ({ containerPath, targetDir, overwrite }) => {
      if (detectFormat(containerPath).id !== 'asice') throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `${containerPath} is not an ASiC-E container: only containers hold documents to extract`);
      await fs.mkdir(targetDir, { recursive: true });
      return { files: await extractAsicDocuments(containerPath, targetDir, { overwrite: overwrite === true }) };
    },
    'verify:bulk': async ({ paths, noRevocation }) => {
      const { items, unsigned } = await pairSignatureFiles(paths);
      const trust = await trustOf();
      const files = await verifyMany(items, {
        trustAnchors: trust.trustAnchors,
        revocationSources: trust.revocationSources,
        intermediates: [],
        crls: [],
        noRevocation: noRevocation ?? false,
        revocationCacheDir: path.join(deps.dataDir, 'cache', 'revocation'),
        fullReports: items.length <= BULK_FULL_REPORTS,
      });
      return { summary: summarize(files), files, unsigned };
    },
    'verify:extend': async ({ signaturePath, contentPath, level }) => {
      const tsaUrl = (await deps.tsaUrl?.()) ?? undefined;
      const trust = await trustOf();
      if (!tsaUrl && level !== 'LT') throw new SigndeskError('ERR_TSA', 'No time-stamp server is set: choose one in Settings first');
      const result = await extendSignatureFile(signaturePath, {
        level: level ?? 'LTA',
        ...(tsaUrl ? { tsaUrl } : {}),
        trustAnchors: trust.trustAnchors,
        revocation: withRevocationSources(deps.checkRevocation, trust.revocationSources),
        ...(contentPath !== undefined ? { contentPath } : {}),
      });
      await deps.onExtended?.(signaturePath);
      return result;
    },
  };
}
