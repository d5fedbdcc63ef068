import type { AsicContainer } from './asic-container';
import type { AsicManifest } from './asic-manifest';
import type { AsicDigestAlgorithm } from './digest-algorithms';
import { nodeHashName } from './digest-algorithms';
import { digestEntry } from './digest-entry';

export type ManifestReferenceStatus = 'match' | 'mismatch' | 'missing' | 'unsupported-algorithm';

export interface ManifestReferenceCheck {
  name: string;
  present: boolean;
  /** Undefined when the entry is missing or the algorithm unknown. */
  digestMatches: boolean | undefined;
  status: ManifestReferenceStatus;
  digestAlgorithm: AsicDigestAlgorithm | undefined;
  digestAlgorithmUri: string;
  expected: Uint8Array;
  actual?: Uint8Array;
}

export interface ManifestDigestCheck {
  references: ManifestReferenceCheck[];
  /** Every reference present and matching. */
  allMatch: boolean;
  /** Documents of the container that no manifest in it lists: nobody signed them. */
  uncoveredDocuments: string[];
  /** Documents this manifest does not list (another signer's manifest may). */
  notInThisManifest: string[];
}

/** Recomputes every digest a manifest lists from the container's entries. */
export async function checkManifestDigests(container: AsicContainer, manifest: AsicManifest): Promise<ManifestDigestCheck> {
  const references: ManifestReferenceCheck[] = [];
  for (const reference of manifest.documents) {
    const base = { name: reference.name, digestAlgorithm: reference.digestAlgorithm, digestAlgorithmUri: reference.digestAlgorithmUri, expected: reference.digest };
    const entry = container.entries.find((candidate) => candidate.name === reference.name && !candidate.isDirectory);
    if (!entry) {
      references.push({ ...base, present: false, digestMatches: undefined, status: 'missing' });
    } else if (reference.digestAlgorithm === undefined) {
      references.push({ ...base, present: true, digestMatches: undefined, status: 'unsupported-algorithm' });
    } else {
      const actual = await digestEntry(container, reference.name, nodeHashName(reference.digestAlgorithm));
      const matches = Buffer.from(actual).equals(Buffer.from(reference.digest));
      references.push({ ...base, present: true, digestMatches: matches, status: matches ? 'match' : 'mismatch', actual });
    }
  }
  const listedHere = new Set(manifest.documents.map((reference) => reference.name));
  const listedAnywhere = new Set(container.manifests.flatMap((entry) => entry.manifest.documents.map((reference) => reference.name)));
  for (const name of listedHere) listedAnywhere.add(name);
  return {
    references,
    allMatch: references.every((reference) => reference.status === 'match'),
    uncoveredDocuments: container.documents.filter((document) => !listedAnywhere.has(document.name)).map((document) => document.name),
    notInThisManifest: container.documents.filter((document) => !listedHere.has(document.name)).map((document) => document.name),
  };
}
