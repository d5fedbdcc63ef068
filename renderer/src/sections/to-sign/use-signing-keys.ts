import { useEffect, useState } from 'react';
import type { CabinetKey } from '../../../../preload/contract/domains/cabinet';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { api } from '../../api';

/** Keys that can sign now: active, with a certificate, inside its validity (a token key's token is present). */
export function canSign(key: CabinetKey, now = Date.now()): boolean {
  if (key.status !== 'active' || !key.hasCertificate) return false;
  if (key.notBefore && Date.parse(key.notBefore) > now) return false;
  return !key.notAfter || Date.parse(key.notAfter) > now;
}

/** How many recent history entries are looked at for the key that signed last (a co-signature updates an older one). */
const RECENT_ENTRIES = 50;

/** The key reference of the latest signature in the history, if any. */
export function lastUsedKeyRef(entries: readonly HistoryEntry[]): string | undefined {
  let latest: { keyRef: string; signedAt: string } | undefined;
  for (const signer of entries.flatMap((entry) => entry.signers)) if (!latest || signer.signedAt > latest.signedAt) latest = signer;
  return latest?.keyRef;
}

/** The keys that can sign, the one that signed last first (what the sign panel offers by default), then newest first. */
export function useSigningKeys(): { keys: CabinetKey[]; error: unknown } {
  const [keys, setKeys] = useState<CabinetKey[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    // Without a history (or when it cannot be read) the order stays the cabinet's: newest first.
    const recent = api()
      .history.list({ limit: RECENT_ENTRIES })
      .catch((): HistoryEntry[] => []);
    Promise.all([api().cabinet.list(), recent])
      .then(([all, entries]) => {
        if (!live) return;
        const usable = all.filter((key) => canSign(key));
        const last = lastUsedKeyRef(entries);
        setKeys([...usable.filter((key) => key.keyRef === last), ...usable.filter((key) => key.keyRef !== last)]);
      })
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, []);
  return { keys, error };
}
