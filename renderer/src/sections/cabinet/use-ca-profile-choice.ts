import { useEffect, useState } from 'react';
import type { CaProfile } from '../../../../preload/contract/index';
import { defaultProfileId } from './ca-profile-choice';
import { useCaProfiles } from './use-ca-profiles';

/** A wizard's CA profile choice, preselected (once loaded) to the main key's profile, else the first with CMP. */
export function useCaProfileChoice(mainProfileId: string | null | undefined): { profiles: CaProfile[] | undefined; choice: string | null; setChoice(id: string | null): void } {
  const { profiles } = useCaProfiles();
  const [choice, setChoice] = useState<string | null>(null);
  const [preselected, setPreselected] = useState(false);
  useEffect(() => {
    if (!profiles || preselected) return;
    setChoice(defaultProfileId(profiles, mainProfileId));
    setPreselected(true);
  }, [profiles, preselected, mainProfileId]);
  return { profiles, choice, setChoice };
}
