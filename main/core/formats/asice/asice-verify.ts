import path from 'node:path';
import type { AsicContainerFacts, AsicSignerFacts, SignerReport, VerifyReport } from '../../../../preload/contract/domains/verify';
import { SigndeskError } from '../../../../preload/contract/errors';
import { overallIndication, verifyCms } from '../../cms';
import type { FormatVerifyRequest } from '../signature-format';
import { unverifiedSigner } from '../signer-facts';
import { checkManifestDigests, openAsicContainer, type AsicContainer, type AsicSignatureEntry } from './container';

/**
 * Verifies an ASiC-E container: it opens strictly (zip bombs, traversal names and broken structure are coded errors),
 * each CAdES signature is checked over the exact bytes of its manifest, every digest that manifest lists is recomputed
 * from the container, and the report says which documents nobody signed and which listed ones are missing.
 */
export async function verifyAsice(request: FormatVerifyRequest): Promise<VerifyReport> {
  const file = request.signaturePath;
  if (request.contentPath !== undefined) throw new SigndeskError('ERR_USAGE', 'A ASiC-E container carries its documents: it is checked without a separate document (--content is for detached .p7s signatures)');
  const container = await openAsicContainer(file);
  try {
    if (container.signatures.length === 0) throw new SigndeskError('ERR_NOT_SIGNED', `${path.basename(file)} holds no CAdES signatures`, { path: file });
    const signers: SignerReport[] = [];
    const missing = new Set<string>();
    for (const signature of container.signatures) {
      for (const report of await verifySignatureEntry(container, signature, request, missing)) signers.push(report);
    }
    const listed = new Set(container.manifests.flatMap((entry) => entry.manifest.documents.map((reference) => reference.name)));
    const facts: AsicContainerFacts = {
      documents: container.documents.map((document) => ({ name: document.name, size: document.size })),
      uncoveredDocuments: container.documents.filter((document) => !listed.has(document.name)).map((document) => document.name),
      missingDocuments: [...missing],
      warnings: container.warnings.map((warning) => ({ code: warning.code, message: warning.message })),
    };
    let indication = overallIndication(signers);
    // Documents nobody signed: the container as a whole cannot pass, whatever its signatures say.
    if (indication === 'TOTAL-PASSED' && facts.uncoveredDocuments.length > 0) indication = 'INDETERMINATE';
    return { valid: indication === 'TOTAL-PASSED', indication, attached: true, signaturePath: file, contentPath: null, signers, format: 'asice', container: facts };
  } finally {
    container.close();
  }
}

async function verifySignatureEntry(container: AsicContainer, signature: AsicSignatureEntry, request: FormatVerifyRequest, missing: Set<string>): Promise<SignerReport[]> {
  const manifest = container.manifests.find((entry) => entry.signature === signature);
  const trust = {
    trustAnchors: request.trustAnchors,
    ...(request.intermediates ? { intermediates: request.intermediates } : {}),
    ...(request.revocation ? { revocation: request.revocation } : {}),
    ...(request.at ? { at: request.at } : {}),
  };
  if (!manifest) {
    const facts: AsicSignerFacts = { signatureEntry: signature.name, manifestEntry: null, documents: [] };
    return [problem(signature.name, 'ERR_CONTENT_MISSING', `No ASiC manifest names ${signature.name}: what it signs is unknown`, facts, 'INDETERMINATE')];
  }
  const digests = await checkManifestDigests(container, manifest.manifest);
  const facts: AsicSignerFacts = {
    signatureEntry: signature.name,
    manifestEntry: manifest.name,
    documents: digests.references.map((reference) => ({ name: reference.name, status: reference.status })),
  };
  for (const reference of digests.references) if (reference.status === 'missing') missing.add(reference.name);
  let signers: SignerReport[];
  try {
    signers = (await verifyCms({ signature: signature.der, signaturePath: `${container.path}#${signature.name}`, content: manifest.xml, ...trust })).signers;
  } catch (error) {
    if (!(error instanceof SigndeskError)) throw error;
    return [problem(signature.name, error.code, error.message, facts, 'TOTAL-FAILED')];
  }
  const broken = digests.references.filter((reference) => reference.status !== 'match');
  return signers.map((signer) => {
    const details = { ...signer.details, asicSignature: signature.name, asicManifest: manifest.name };
    if (broken.length === 0) return { ...signer, details, asic: facts };
    const errors = [
      ...broken.map((reference) => ({
        code: reference.status === 'unsupported-algorithm' ? 'ERR_ALGORITHM_MISMATCH' : 'ERR_SIGNATURE_INVALID',
        message:
          reference.status === 'missing'
            ? `${reference.name} is listed in ${manifest.name} but the container does not hold it`
            : reference.status === 'mismatch'
              ? `${reference.name} was changed after it was signed (its digest does not match ${manifest.name})`
              : `${reference.name} is listed with a digest algorithm Signdesk does not know (${reference.digestAlgorithmUri})`,
      })),
      ...signer.errors,
    ];
    const unknownOnly = broken.every((reference) => reference.status === 'unsupported-algorithm');
    const indication = unknownOnly && signer.indication !== 'TOTAL-FAILED' ? 'INDETERMINATE' : 'TOTAL-FAILED';
    return { ...signer, details, errors, valid: false, indication, checks: { ...signer.checks, messageDigest: unknownOnly ? null : false }, asic: facts };
  });
}

function problem(name: string, code: string, message: string, facts: AsicSignerFacts, indication: 'INDETERMINATE' | 'TOTAL-FAILED'): SignerReport {
  return unverifiedSigner(indication, { code, message }, { details: { asicSignature: name }, asic: facts });
}
