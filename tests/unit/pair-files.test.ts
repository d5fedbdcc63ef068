import { describe, expect, it } from 'vitest';
import { isSignatureFile, pairFiles, type VerifyFileKind } from '../../renderer/src/sections/verify/pair-files';
import { sanitizeFileName } from '../../main/core/files/upload-store';
import { parseTypedPaths } from '../../renderer/src/files/typed-paths';

describe('pairFiles', () => {
  it('pairs one signature with one document whatever their names', () => {
    expect(pairFiles(['/a/x.p7s', '/b/other.pdf'])).toEqual([{ signaturePath: '/a/x.p7s', contentPath: '/b/other.pdf' }]);
  });
  it('pairs signatures with documents by name and leaves lone signatures as attached', () => {
    expect(pairFiles(['/d/a.pdf.p7s', '/d/b.txt.p7s', '/d/a.pdf', '/d/c.doc'])).toEqual([
      { signaturePath: '/d/a.pdf.p7s', contentPath: '/d/a.pdf' },
      { signaturePath: '/d/b.txt.p7s' },
    ]);
  });
  it('checks signed PDFs and ASiC-E containers alone, unless a signature names one as its document', () => {
    const kinds: Record<string, VerifyFileKind> = {
      '/d/act-signed.pdf': 'signed-document',
      '/d/pack.asice': 'signed-document',
      '/d/plain.pdf': 'document',
      '/d/plain.pdf.p7s': 'signature',
      '/d/act-signed.pdf.p7s': 'signature',
    };
    const kindOf = (path: string) => kinds[path]!;
    expect(pairFiles(['/d/act-signed.pdf', '/d/pack.asice'], kindOf)).toEqual([{ signaturePath: '/d/act-signed.pdf' }, { signaturePath: '/d/pack.asice' }]);
    expect(pairFiles(['/d/pack.asice', '/d/plain.pdf.p7s', '/d/plain.pdf'], kindOf)).toEqual([{ signaturePath: '/d/pack.asice' }, { signaturePath: '/d/plain.pdf.p7s', contentPath: '/d/plain.pdf' }]);
    // A .p7s made over a signed PDF: the PDF is its document, not checked alone.
    expect(pairFiles(['/d/act-signed.pdf.p7s', '/d/act-signed.pdf'], kindOf)).toEqual([{ signaturePath: '/d/act-signed.pdf.p7s', contentPath: '/d/act-signed.pdf' }]);
    // One signature with an unrelated signed PDF and one plain document: the pair, and the PDF alone.
    expect(pairFiles(['/d/act-signed.pdf', '/d/plain.pdf.p7s', '/d/plain.pdf'], kindOf)).toEqual([{ signaturePath: '/d/act-signed.pdf' }, { signaturePath: '/d/plain.pdf.p7s', contentPath: '/d/plain.pdf' }]);
  });
  it('recognises signature extensions case-insensitively', () => {
    expect(isSignatureFile('C:\\x\\ACT.PDF.P7S')).toBe(true);
    expect(isSignatureFile('/x/act.pdf')).toBe(false);
  });
});

describe('sanitizeFileName', () => {
  it('keeps a plain name and strips folders, control and reserved characters', () => {
    expect(sanitizeFileName('акт №1.pdf')).toBe('акт №1.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\a<b>:c?.txt')).toBe('a_b__c_.txt');
    expect(sanitizeFileName('...hidden')).toBe('hidden');
    expect(sanitizeFileName('bad\u0000name\n.txt')).toBe('bad_name_.txt');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('..')).toBe('file');
  });
  it('bounds the length and keeps the extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(180);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('parseTypedPaths', () => {
  it('takes one path per line, trimmed and unquoted', () => {
    expect(parseTypedPaths(' /a/b.pdf \r\n\n"/c d/e.txt"\n')).toEqual(['/a/b.pdf', '/c d/e.txt']);
  });
});
