import { formatPkcs11Uri, isPkcs11Uri, parsePkcs11Uri } from '../token';

/**
 * A KeyRef as it may be stored, listed and sent (journal, `queue:batches`, events, messages): a `pkcs11:` URI loses
 * its `pin-value` (a secret), which comes back apart for this run only. `pin-source=file:` stays: it is a path, and
 * `--resume` reads the file again. Other KeyRefs are returned as given.
 */
export function splitPinValue(keyRef: string): { keyRef: string; pin?: string } {
  if (!isPkcs11Uri(keyRef)) return { keyRef };
  const uri = parsePkcs11Uri(keyRef);
  if (uri.pinValue === undefined) return { keyRef };
  const { pinValue, ...rest } = uri;
  return { keyRef: formatPkcs11Uri(rest), pin: pinValue };
}
