import { useCallback, useEffect, useState } from 'react';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';

/** The cabinet's keys, reloaded on demand (after every action that changes one). */
export function useCabinetKeys() {
  const [keys, setKeys] = useState<CabinetKey[] | undefined>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(async () => {
    try {
      setKeys(await api().cabinet.list());
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  return { keys, error, reload };
}
