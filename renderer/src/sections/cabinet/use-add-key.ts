import { useState } from 'react';
import type { AddKeyInput, CabinetKey } from '../../../../preload/contract/domains/cabinet';
import { api } from '../../api';

/**
 * One "Add key" call, for the file form and the token form alike: the dialog is told it is busy, the password or
 * PIN is cleared whatever happens, and the error is kept for the form (and returned, for a form that acts on it).
 */
export function useAddKey({ onBusy, onAdded, clearSecret }: { onBusy(busy: boolean): void; onAdded(key: CabinetKey): void; clearSecret(): void }) {
  const [error, setError] = useState<unknown>();
  const add = async (input: AddKeyInput): Promise<unknown> => {
    onBusy(true);
    setError(undefined);
    try {
      onAdded(await api().cabinet.addKey(input));
      return undefined;
    } catch (caught) {
      setError(caught);
      return caught;
    } finally {
      clearSecret();
      onBusy(false);
    }
  };
  return { error, setError, add };
}
