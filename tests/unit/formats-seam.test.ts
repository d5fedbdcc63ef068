import { describe, expect, it } from 'vitest';
import { formatById, isSignatureOutputName } from '../../main/core/formats';
import { contentsSizeFor } from '../../main/core/formats/pades/contents-size';
import { stampDate } from '../../main/core/formats/pades/visible-signature';
import { digestAlgorithmByUri, manifestDocumentHash, nodeHashName, signingDigestAlgorithm } from '../../main/core/formats/asice/container/digest-algorithms';
import { hashByXmlDigestUri, HASHES, isSigningHash } from '../../main/core/crypto/hashes';
import { parseVisibleOption } from '../../main/cli/commands/visible-option';
import { SigndeskError } from '../../preload/contract/errors';
import type { BatchOptions } from '../../preload/contract/domains/queue';

const base: BatchOptions = { format: 'cades', attached: false, outDir: null, overwrite: false, tsaUrl: null, hash: 'SHA-256' };

describe('output names per format', () => {
  it('PAdES: <name>-signed.pdf beside the input or in outDir; in place: the input itself', () => {
    const pades = formatById('pades');
    expect(pades.outputPath('/d/act.pdf', { ...base, format: 'pades' })).toBe('/d/act-signed.pdf');
    expect(pades.outputPath('/d/ACT.PDF', { ...base, format: 'pades' })).toBe('/d/ACT-signed.PDF');
    expect(pades.outputPath('/d/scan', { ...base, format: 'pades', outDir: '/out' })).toBe('/out/scan-signed.pdf');
    expect(pades.outputPath('/d/act.pdf', { ...base, format: 'pades', inPlace: true })).toBe('/d/act.pdf');
  });

  it('ASiC-E: the full name plus .asice, or the packet name', () => {
    const asice = formatById('asice');
    expect(asice.outputPath('/d/act.pdf', { ...base, format: 'asice' })).toBe('/d/act.pdf.asice');
    expect(asice.outputPath('/d/act.pdf', { ...base, format: 'asice', outDir: '/out', packet: 'March.asice' })).toBe('/out/March.asice');
  });

  it('the inbox watcher knows every format’s outputs by name', () => {
    for (const name of ['act.pdf.p7s', 'act-signed.pdf', 'ACT-SIGNED.PDF', 'act.pdf.asice', 'x.sce']) expect(isSignatureOutputName(name), name).toBe(true);
    for (const name of ['act.pdf', 'signed.pdf', 'act.asice.txt']) expect(isSignatureOutputName(name), name).toBe(false);
  });
});

describe('recognising signed files by content', () => {
  const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1');
  const asic = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.etsi.asic-e+zip', 'latin1')]);
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('readme.txthello', 'latin1')]);
  it('a PDF by its header (after up to 1 KiB of junk), whatever its name', () => {
    expect(formatById('pades').recognises(pdf, 'noname.bin')).toBe(true);
    expect(formatById('pades').recognises(Buffer.concat([Buffer.alloc(600, 0x20), pdf]), 'x')).toBe(true);
    expect(formatById('pades').recognises(Buffer.from('hello'), 'act.pdf')).toBe(false);
  });
  it('an ASiC-E container by its mimetype entry, or a ZIP named .asice', () => {
    expect(formatById('asice').recognises(asic, 'container.zip')).toBe(true);
    expect(formatById('asice').recognises(zip, 'plain.zip')).toBe(false);
    expect(formatById('asice').recognises(zip, 'no-mimetype.asice')).toBe(true);
    expect(formatById('cades').recognises(pdf, 'act.pdf')).toBe(false);
  });
  it('only CAdES pairs a signature with a document', () => {
    expect(formatById('cades').companionOf('/d/act.pdf.p7s')).toBe('/d/act.pdf');
    expect(formatById('pades').companionOf('/d/act-signed.pdf')).toBeNull();
    expect(formatById('asice').companionOf('/d/act.pdf.asice')).toBeNull();
  });
});

describe('--visible', () => {
  it('takes page, corner and lang in any order, each optional', () => {
    expect(parseVisibleOption('page=1')).toEqual({ page: 1, corner: 'bottom-right', language: 'uk' });
    expect(parseVisibleOption('corner=top-left, lang=en ,page=3')).toEqual({ page: 3, corner: 'top-left', language: 'en' });
  });
  it.each(['page=0', 'page=x', 'corner=middle', 'lang=de', 'size=3', 'page'])('refuses %s with ERR_USAGE', (value) => {
    expect(() => parseVisibleOption(value)).toThrow(SigndeskError);
    try {
      parseVisibleOption(value);
    } catch (error) {
      expect((error as SigndeskError).code).toBe('ERR_USAGE');
    }
  });
});

describe('PAdES details', () => {
  it('reserves room for the certificates, and a timestamp token with a TSA', () => {
    const certificate = new Uint8Array(1500);
    const bare = contentsSizeFor({ certificate, chain: [new Uint8Array(1200)] }, false);
    expect(bare % 1024).toBe(0);
    expect(bare).toBeGreaterThanOrEqual(1500 + 1200 + 2048);
    expect(contentsSizeFor({ certificate }, true) - contentsSizeFor({ certificate }, false)).toBeGreaterThanOrEqual(16 * 1024);
  });
  it('dates in the stamp: day first in Ukrainian and Russian, ISO order in English, with the zone', () => {
    const at = new Date(2026, 10, 22, 9, 5);
    expect(stampDate(at, 'uk')).toMatch(/^22\.11\.2026 09:05 \(UTC[+-]\d\d:\d\d\)$/);
    expect(stampDate(at, 'en')).toMatch(/^2026-11-22 09:05 \(UTC[+-]\d\d:\d\d\)$/);
  });
});

describe('ASiC manifest digests come from the hash registry', () => {
  it('every registry hash with an XML URI is readable by it, and the aliases too', () => {
    // The national hashes have no XMLDSig URI: a manifest lists documents with SHA-256 when the signature uses them.
    expect(manifestDocumentHash('GOST34311')).toBe('SHA-256');
    expect(manifestDocumentHash('SHA-384')).toBe('SHA-384');
    for (const spec of Object.values(HASHES)) {
      if (isSigningHash(spec.name) && spec.nodeName) expect(spec.xmlDigestUri, spec.name).toBeDefined();
      if (!spec.xmlDigestUri) continue;
      expect(digestAlgorithmByUri(spec.xmlDigestUri!)?.name).toBe(spec.name);
      expect(nodeHashName(spec.name)).toBe(spec.nodeName);
    }
    expect(hashByXmlDigestUri('http://www.w3.org/2000/09/xmldsig#sha256')?.name).toBe('SHA-256');
    expect(digestAlgorithmByUri('http://example.com/unknown')).toBeUndefined();
  });
  it('new manifests use signing hashes only', () => {
    expect(signingDigestAlgorithm('SHA-384').uri).toBe('http://www.w3.org/2001/04/xmldsig-more#sha384');
    expect(() => signingDigestAlgorithm('SHA-1')).toThrow(/cannot be used/);
  });
});
