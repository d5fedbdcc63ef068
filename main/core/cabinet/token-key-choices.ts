import type { TokenKeyChoice } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { keyAlgorithmName } from '../crypto';
import { describeCertificate } from '../pki/certificate';
import { formatPkcs11Uri, parsePkcs11Uri, withoutPin, type TokenKey, type TokenService } from '../token';
import type { KeyRecords } from './key-records';
import { knownPublicKey } from './known-public-key';

/**
 * The private keys on a detected token, each with what its certificate says, for "Add key". Private keys are
 * visible only after a login, so the PIN is proved here (a wrong one: ERR_PIN_INCORRECT with tries left) and the
 * token is logged out again. Keys already in the cabinet carry that record's id.
 */
export async function tokenKeyChoices(tokens: TokenService, records: KeyRecords, tokenLabel: string, pin: string): Promise<TokenKeyChoice[]> {
  const token = await tokens.findToken({ label: tokenLabel });
  const keys = await tokens.listKeys(token, pin);
  const cabinet = records.all();
  return keys.map((key) => {
    const uri = formatPkcs11Uri(withoutPin(parsePkcs11Uri(key.uri)));
    const spki = key.publicKeySpki ? Buffer.from(key.publicKeySpki) : undefined;
    const inCabinet = cabinet.find((record) => record.keyRef === uri || (spki !== undefined && knownPublicKey(record)?.equals(spki)));
    return { uri, label: key.label, algorithm: algorithmOf(key), inCabinetAs: inCabinet ? inCabinet.name : null, ...certificateFields(key.certificate) };
  });
}

/** null: a key type Signdesk cannot read; it is still listed, and adding it says why. */
function algorithmOf(key: TokenKey): string | null {
  return key.algorithm ? keyAlgorithmName(key.algorithm) : null;
}

function certificateFields(certificate: Uint8Array | undefined): Pick<TokenKeyChoice, 'owner' | 'organisation' | 'notAfter' | 'identifiers'> {
  if (!certificate) return { owner: null, organisation: null, notAfter: null, identifiers: {} };
  try {
    const info = describeCertificate(certificate);
    return { owner: info.owner, organisation: info.organisation, notAfter: info.notAfter, identifiers: { ...info.identifiers } as Record<string, string> };
  } catch (error) {
    if (error instanceof SigndeskError && error.code === 'ERR_CERT_MALFORMED') return { owner: null, organisation: null, notAfter: null, identifiers: {} };
    throw error;
  }
}
