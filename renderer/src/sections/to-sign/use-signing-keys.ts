import { useEffect, useState } from 'react';
import type { CabinetKey } from '../../../../preload/contract/domains/cabinet';
import { api } from '../../api';

/** Keys that can sign now: active, with a certificate, inside its validity (a token key's token is present). */
export function canSign(key: CabinetKey, now = Date.now()): boolean {
  if (key.status !== 'active' || !key.hasCertificate) return false;
  if (key.notBefore && Date.parse(key.notBefore) > now) return false;
  return !key.notAfter || Date.parse(key.notAfter) > now;
}

export function useSigningKeys(): { keys: CabinetKey[]; error: unknown } {
  const [keys, setKeys] = useState<CabinetKey[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    api()
      .cabinet.list()
      .then((all) => live && setKeys(all.filter((key) => canSign(key))))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, []);
  return { keys, error };
}
