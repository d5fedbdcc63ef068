import type { AsicContainer, AsicContainerWarning, AsicManifestEntry, AsicSignatureEntry } from './asic-container';
import type { AsicEntry } from './asic-entry';
import { ASIC_E_MEDIA_TYPE, ASIC_S_MEDIA_TYPE, isAsicManifestName, isCadesSignatureName, isMetaInfName, isXadesSignatureName, MIMETYPE_ENTRY } from './asic-names';
import { malformed, unsafe } from './container-errors';
import { type AsicLimits, resolveLimits } from './container-limits';
import { registerSource } from './container-sources';
import { parseAsicManifest } from './parse-asic-manifest';
import { ZipSource } from './zip-source';

export interface OpenAsicContainerOptions {
  limits?: Partial<AsicLimits>;
}

/**
 * Opens an ASiC-E container strictly: the ZIP structure and every entry name are checked, bombs refused by
 * their declared sizes now and by their actual bytes whenever an entry is read, `mimetype` checked, manifests parsed
 * and signatures read. The caller closes it.
 *
 * mimetype rule: EN 319 162-1 makes the `mimetype` entry optional for ASiC-E, and when present it shall be the first
 * entry, stored, without an extra field, holding exactly `application/vnd.etsi.asic-e+zip`. A `mimetype` that
 * breaks any of these is refused. A container without one is read (warning `mimetype-missing`) only when META-INF
 * holds an ASiC manifest; otherwise it is not an ASiC-E container.
 */
export async function openAsicContainer(path: string, options: OpenAsicContainerOptions = {}): Promise<AsicContainer> {
  const limits = resolveLimits(options.limits);
  const source = await ZipSource.open(path, limits);
  try {
    const warnings: AsicContainerWarning[] = [];
    const entries = source.entries;
    const mimetype = await checkMimetype(source, entries, warnings);

    const metadata = entries.filter((entry) => !entry.isDirectory && (isCadesSignatureName(entry.name) || isAsicManifestName(entry.name)));
    const metadataBytes = metadata.reduce((sum, entry) => sum + entry.size, 0);
    if (metadataBytes > limits.maxMetadataTotalSize) {
      throw unsafe(`manifests and signatures hold ${metadataBytes} bytes (at most ${limits.maxMetadataTotalSize} are read)`, { reason: 'metadata-size' });
    }
    const signatures = new Map<string, { name: string; der: Uint8Array; manifestNames: string[] }>();
    for (const entry of entries) {
      if (!entry.isDirectory && isCadesSignatureName(entry.name)) {
        signatures.set(entry.name, { name: entry.name, der: new Uint8Array(await source.readEntry(entry.name)), manifestNames: [] });
      }
    }
    const manifests: AsicManifestEntry[] = [];
    for (const entry of entries) {
      if (entry.isDirectory || !isAsicManifestName(entry.name)) continue;
      const xml = new Uint8Array(await source.readEntry(entry.name));
      const manifest = parseAsicManifest(xml, { entryName: entry.name, maxBytes: limits.maxMetadataSize, maxReferences: limits.maxEntries });
      const signature = signatures.get(manifest.signatureName);
      if (signature) {
        signature.manifestNames.push(entry.name);
      } else if (source.entry(manifest.signatureName)) {
        warnings.push({
          code: 'manifest-signature-unsupported',
          entry: entry.name,
          message: `${entry.name} belongs to ${manifest.signatureName}, which is not a CAdES signature (META-INF/*signature*.p7s)`,
        });
      } else {
        warnings.push({ code: 'manifest-signature-missing', entry: entry.name, message: `${entry.name} names ${manifest.signatureName}, which the container does not hold` });
      }
      manifests.push({ name: entry.name, xml, manifest, signature });
    }
    for (const signature of signatures.values()) {
      if (signature.manifestNames.length === 0) {
        warnings.push({ code: 'signature-without-manifest', entry: signature.name, message: `no ASiC manifest names ${signature.name}` });
      }
    }
    const xadesSignatures = entries.filter((entry) => !entry.isDirectory && isXadesSignatureName(entry.name)).map((entry) => entry.name);
    if (xadesSignatures.length > 0) {
      warnings.push({ code: 'xades-signatures', message: `XAdES signatures are not verified: ${xadesSignatures.join(', ')}` });
    }
    const container: AsicContainer = {
      path,
      mimetype,
      warnings,
      entries,
      documents: entries.filter(isDocument),
      manifests,
      signatures: [...signatures.values()] satisfies AsicSignatureEntry[],
      xadesSignatures,
      close: () => source.close(),
    };
    registerSource(container, source);
    return container;
  } catch (error) {
    source.close();
    throw error;
  }
}

function isDocument(entry: AsicEntry): boolean {
  return !entry.isDirectory && entry.name !== MIMETYPE_ENTRY && !isMetaInfName(entry.name);
}

async function checkMimetype(source: ZipSource, entries: readonly AsicEntry[], warnings: AsicContainerWarning[]): Promise<'ok' | 'missing'> {
  const present = entries.some((entry) => entry.name === MIMETYPE_ENTRY);
  if (!present) {
    if (!entries.some((entry) => isAsicManifestName(entry.name))) {
      throw malformed('not an ASiC-E container: no mimetype entry and no META-INF/ASiCManifest*.xml', { part: 'mimetype', reason: 'not-asic' });
    }
    warnings.push({ code: 'mimetype-missing', message: `the container has no mimetype entry (EN 319 162-1 allows it; ${ASIC_E_MEDIA_TYPE} is assumed)` });
    return 'missing';
  }
  const refuse = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
    malformed(`mimetype: ${message}`, { part: 'mimetype', entry: MIMETYPE_ENTRY, reason, ...extra });
  const first = entries[0]!;
  const facts = source.localFacts(MIMETYPE_ENTRY)!;
  if (first.name !== MIMETYPE_ENTRY || facts.offset !== 0) throw refuse('not-first', 'it is not the first entry of the ZIP');
  if (first.compression !== 'stored') throw refuse('compressed', 'it is compressed (it must be stored)');
  if (facts.localExtraFieldLength !== 0 || facts.centralExtraFieldLength !== 0) throw refuse('extra-field', 'it has an extra field');
  if (first.size > 256) throw refuse('content', `it holds ${first.size} bytes, not a media type`);
  const content = (await source.readEntry(MIMETYPE_ENTRY)).toString('latin1');
  if (content === ASIC_S_MEDIA_TYPE) throw refuse('asic-s', 'this is an ASiC-S container, not ASiC-E', { found: content });
  if (content !== ASIC_E_MEDIA_TYPE) throw refuse('content', `it says ${JSON.stringify(content)}, not ${ASIC_E_MEDIA_TYPE}`, { found: content });
  return 'ok';
}
