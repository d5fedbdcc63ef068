import type { CaProfile } from '../../../../preload/contract/index';

/** The profile a key without its own goes to: the first with a CMP address (as main does). */
export function fallbackProfile(profiles: readonly CaProfile[]): CaProfile | undefined {
  return profiles.find((profile) => profile.cmpUrl !== null);
}

/** The profile a key actually uses: its own when it still exists, else the fallback. */
export function effectiveProfile(profiles: readonly CaProfile[], chosenId: string | null): CaProfile | undefined {
  return (chosenId ? profiles.find((profile) => profile.id === chosenId) : undefined) ?? fallbackProfile(profiles);
}

/** What a wizard preselects for a new key: the main key's profile when it still exists, else the first with CMP. */
export function defaultProfileId(profiles: readonly CaProfile[], mainProfileId: string | null | undefined): string | null {
  if (mainProfileId && profiles.some((profile) => profile.id === mainProfileId)) return mainProfileId;
  return fallbackProfile(profiles)?.id ?? null;
}
