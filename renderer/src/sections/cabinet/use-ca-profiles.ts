import { useEffect, useState } from 'react';
import type { CaProfile } from '../../../../preload/contract/index';
import { api } from '../../api';

/** The CA profiles from Settings; undefined while loading. */
export function useCaProfiles(): { profiles: CaProfile[] | undefined; error: unknown } {
  const [profiles, setProfiles] = useState<CaProfile[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api().ca.profiles({}).then(setProfiles, setError);
  }, []);
  return { profiles, error };
}
