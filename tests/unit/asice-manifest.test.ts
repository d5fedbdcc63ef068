import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAsicManifest,
  entryNameToUri,
  nextSignaturePairNames,
  parseAsicManifest,
  uriToEntryName,
  type AsicManifestInput,
} from '../../main/core/formats/asice/container';
import { codeOf } from '../helpers/outcome';

const sha = (algorithm: string, text: string) => new Uint8Array(createHash(algorithm).update(text).digest());
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

const input: AsicManifestInput = {
  signatureName: 'META-INF/signature001.p7s',
  documents: [
    { name: 'акт виконаних робіт №12.pdf', mimeType: 'application/pdf', digestAlgorithm: 'SHA-256', digest: sha('sha256', 'a') },
    { name: 'рахунки/рахунок 7 (копія).xml', mimeType: 'application/xml', digestAlgorithm: 'SHA-384', digest: sha('sha384', 'b') },
    { name: 'notes with spaces & ampersand.txt', digestAlgorithm: 'SHA-512', digest: sha('sha512', 'c'), rootfile: true },
  ],
};

/** A manifest written the way another producer might: default namespace, ds under another prefix, raw names. */
function foreignManifest(body: string, root = 'xmlns="http://uri.etsi.org/02918/v1.2.1#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#"'): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ASiCManifest ${root}>${body}</ASiCManifest>`;
}
const sigRef = '<SigReference URI="META-INF/signature001.p7s" MimeType="application/x-pkcs7-signature"/>';
const reference = (uri: string, digest = b64(sha('sha256', 'x')), algorithm = 'http://www.w3.org/2001/04/xmlenc#sha256') =>
  `<DataObjectReference URI="${uri}" MimeType="text/plain"><ns2:DigestMethod Algorithm="${algorithm}"/><ns2:DigestValue>${digest}</ns2:DigestValue></DataObjectReference>`;

describe('buildAsicManifest', () => {
  it('writes the EN 319 162-1 A.4 structure with percent-encoded URIs and base64 digests', () => {
    const xml = text(buildAsicManifest(input));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain('<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">');
    expect(xml).toContain('<asic:SigReference URI="META-INF/signature001.p7s" MimeType="application/pkcs7-signature"/>');
    expect(xml).toContain(`<asic:DataObjectReference URI="${encodeURIComponent('акт виконаних робіт №12.pdf')}" MimeType="application/pdf">`);
    expect(xml).toContain('URI="%D1%80%D0%B0%D1%85%D1%83%D0%BD%D0%BA%D0%B8/%D1%80%D0%B0%D1%85%D1%83%D0%BD%D0%BE%D0%BA%207%20%28%D0%BA%D0%BE%D0%BF%D1%96%D1%8F%29.xml"');
    expect(xml).toContain('URI="notes%20with%20spaces%20%26%20ampersand.txt" Rootfile="true"');
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#sha384"/>');
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha512"/>');
    expect(xml).toContain(`<ds:DigestValue>${b64(sha('sha384', 'b'))}</ds:DigestValue>`);
    // Only ASCII reaches the file: the names travel percent-encoded.
    expect(/^[\x20-\x7e\n]*$/.test(xml)).toBe(true);
  });

  it('round-trips through parseAsicManifest (Cyrillic, spaces, folders, three algorithms)', () => {
    const parsed = parseAsicManifest(buildAsicManifest(input));
    expect(parsed.signatureName).toBe(input.signatureName);
    expect(parsed.signatureMimeType).toBe('application/pkcs7-signature');
    expect(parsed.extensionCount).toBe(0);
    expect(parsed.documents.map(({ name, mimeType, rootfile, digestAlgorithm, digest }) => ({ name, mimeType, rootfile, digestAlgorithm, digest }))).toEqual(
      input.documents.map(({ name, mimeType, rootfile, digestAlgorithm, digest }) => ({ name, mimeType, rootfile, digestAlgorithm, digest })),
    );
  });

  it('round-trips any safe name (property)', () => {
    const segment = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      // eslint-disable-next-line no-control-regex
      .filter((s) => !/[\u0000-\u001f\u007f\\/:*?"<>|]/.test(s) && s !== '.' && s !== '..' && !/[. ]$/.test(s) && !/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i.test(s));
    const name = fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((parts) => parts.join('/'))
      .filter((n) => n !== 'mimetype' && !n.toLowerCase().startsWith('meta-inf/'));
    fc.assert(
      fc.property(name, (documentName) => {
        const digest = sha('sha256', documentName);
        const parsed = parseAsicManifest(buildAsicManifest({ signatureName: 'META-INF/signature001.p7s', documents: [{ name: documentName, digestAlgorithm: 'SHA-256', digest }] }));
        expect(parsed.documents[0]!.name).toBe(documentName);
        expect(parsed.documents[0]!.digest).toEqual(digest);
        expect(uriToEntryName(entryNameToUri(documentName))).toBe(documentName);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a path that climbs out', '../x.pdf'],
    ['an absolute path', '/etc/passwd'],
    ['a backslash', 'a\\..\\b.pdf'],
    ['a drive', 'C:/x.pdf'],
    ['the mimetype entry', 'mimetype'],
    ['a META-INF file', 'META-INF/x.xml'],
    ['a META-INF file in other case', 'meta-inf/x.xml'],
    ['a Windows device name', 'NUL.txt'],
    ['a folder', 'docs/'],
    ['a NUL character', 'a\u0000b.pdf'],
  ])('refuses %s as a document name', async (_label, name) => {
    expect(await codeOf(() => buildAsicManifest({ signatureName: 'META-INF/signature001.p7s', documents: [{ name, digestAlgorithm: 'SHA-256', digest: sha('sha256', '') }] }))).toBe(
      'ERR_INPUT_INVALID',
    );
  });

  it('refuses duplicates (also by case), SHA-1, digests of the wrong length, bad signature names and empty lists', async () => {
    const digest = sha('sha256', '');
    const build = (documents: AsicManifestInput['documents'], signatureName = 'META-INF/signature001.p7s') => () => buildAsicManifest({ signatureName, documents });
    expect(await codeOf(build([{ name: 'a.pdf', digestAlgorithm: 'SHA-256', digest }, { name: 'A.PDF', digestAlgorithm: 'SHA-256', digest }]))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([{ name: 'a.pdf', digestAlgorithm: 'SHA-1', digest: sha('sha1', '') }]))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([{ name: 'a.pdf', digestAlgorithm: 'SHA-384', digest }]))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([{ name: 'a.pdf', digestAlgorithm: 'SHA-256', digest }], 'signature001.p7s'))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([{ name: 'a.pdf', digestAlgorithm: 'SHA-256', digest }], 'META-INF/sig.xml'))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([]))).toBe('ERR_INPUT_INVALID');
    expect(await codeOf(build([{ name: 'a.pdf', mimeType: 'not a type', digestAlgorithm: 'SHA-256', digest }]))).toBe('ERR_INPUT_INVALID');
  });
});

describe('parseAsicManifest', () => {
  it('reads other producers: default namespace, another ds prefix, raw Cyrillic names, wrapped base64, ./ prefixes', () => {
    const digest = sha('sha256', 'x');
    const wrapped = b64(digest).replace(/(.{20})/, '$1\n   ');
    const parsed = parseAsicManifest(foreignManifest(sigRef + reference('звіт за квітень.pdf', wrapped) + reference('./folder/a%20b.txt')));
    expect(parsed.signatureName).toBe('META-INF/signature001.p7s');
    expect(parsed.documents.map((d) => d.name)).toEqual(['звіт за квітень.pdf', 'folder/a b.txt']);
    expect(parsed.documents[0]!.digest).toEqual(digest);
    expect(parsed.documents[0]!.uri).toBe('звіт за квітень.pdf');
  });

  it('accepts non-critical extensions and xsi attributes, keeps an unknown digest algorithm for the verifier to report', () => {
    const extension = '<ASiCManifestExtensions><Extension Critical="false"><anything xmlns="urn:x">text</anything></Extension></ASiCManifestExtensions>';
    const root =
      'xmlns="http://uri.etsi.org/02918/v1.2.1#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y"';
    const parsed = parseAsicManifest(foreignManifest(sigRef + reference('a.txt', b64(sha('sha256', 'gost')), 'urn:example:gost34311') + extension, root));
    expect(parsed.extensionCount).toBe(1);
    expect(parsed.documents[0]!.digestAlgorithm).toBeUndefined();
    expect(parsed.documents[0]!.digestAlgorithmUri).toBe('urn:example:gost34311');
  });

  const malformedCases: [string, string][] = [
    ['an unknown root', `<?xml version="1.0"?><Manifest xmlns="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`],
    ['the old 2918 namespace', foreignManifest(sigRef + reference('a.txt'), 'xmlns="http://uri.etsi.org/2918/v1.1.1#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#"')],
    ['no SigReference', foreignManifest(reference('a.txt'))],
    ['no DataObjectReference', foreignManifest(sigRef)],
    ['two SigReferences', foreignManifest(sigRef + sigRef + reference('a.txt'))],
    ['a missing digest value', foreignManifest(sigRef + '<DataObjectReference URI="a.txt"><ns2:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/></DataObjectReference>')],
    ['a missing digest method', foreignManifest(sigRef + `<DataObjectReference URI="a.txt"><ns2:DigestValue>${b64(sha('sha256', ''))}</ns2:DigestValue></DataObjectReference>`)],
    ['an empty digest', foreignManifest(sigRef + reference('a.txt', ''))],
    ['a digest that is not base64', foreignManifest(sigRef + reference('a.txt', 'not*base64!'))],
    ['a digest of the wrong length', foreignManifest(sigRef + reference('a.txt', b64(sha('sha1', 'x'))))],
    ['duplicate URIs', foreignManifest(sigRef + reference('a.txt') + reference('a.txt'))],
    ['the same name encoded and raw', foreignManifest(sigRef + reference('a b.txt') + reference('a%20b.txt'))],
    ['a reference without URI', foreignManifest(sigRef + reference('a.txt').replace(' URI="a.txt"', ''))],
    ['an unknown element', foreignManifest(sigRef + reference('a.txt') + '<Other/>')],
    ['an unknown attribute', foreignManifest(sigRef.replace('<SigReference', '<SigReference Foo="1"') + reference('a.txt'))],
    ['text between elements', foreignManifest(sigRef + 'stray text' + reference('a.txt'))],
    ['a URI with a scheme', foreignManifest(sigRef + reference('http://example.org/a.txt'))],
    ['an absolute URI path', foreignManifest(sigRef + reference('/etc/passwd'))],
    ['broken percent-encoding', foreignManifest(sigRef + reference('a%zz.txt'))],
    ['not well-formed XML', foreignManifest(sigRef + reference('a.txt')).replace('</ASiCManifest>', '')],
    ['an unbound prefix', foreignManifest(sigRef + reference('a.txt').replace(/ns2:/g, 'dsx:'))],
    ['an encoding other than UTF-8', foreignManifest(sigRef + reference('a.txt')).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')],
    [
      'a DOCTYPE with entities (billion laughs)',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` +
        foreignManifest(sigRef + reference('&lol2;')).replace(/^<\?xml[^>]*>\n/, ''),
    ],
    ['an undefined entity', foreignManifest(sigRef + reference('&xxe;'))],
  ];

  it.each(malformedCases)('refuses %s with ERR_CONTAINER_MALFORMED', async (_label, xml) => {
    expect(await codeOf(() => parseAsicManifest(xml))).toBe('ERR_CONTAINER_MALFORMED');
  });

  it('refuses bytes that are not UTF-8, manifests past the size cap and too many references', async () => {
    const latin1 = Buffer.from(foreignManifest(sigRef + reference('caf\u00e9.txt')), 'latin1');
    expect(await codeOf(() => parseAsicManifest(new Uint8Array(latin1)))).toBe('ERR_CONTAINER_MALFORMED');
    const many = foreignManifest(sigRef + Array.from({ length: 20 }, (_, i) => reference(`d${i}.txt`)).join(''));
    expect(await codeOf(() => parseAsicManifest(many, { maxBytes: 1000 }))).toBe('ERR_CONTAINER_MALFORMED');
    expect(await codeOf(() => parseAsicManifest(many, { maxReferences: 10 }))).toBe('ERR_CONTAINER_MALFORMED');
    expect(parseAsicManifest(many).documents).toHaveLength(20);
  });

  it('refuses a critical extension it cannot honour with ERR_CONTAINER_UNSUPPORTED', async () => {
    const extension = '<ASiCManifestExtensions><Extension Critical="true"><x xmlns="urn:x"/></Extension></ASiCManifestExtensions>';
    expect(await codeOf(() => parseAsicManifest(foreignManifest(sigRef + reference('a.txt') + extension)))).toBe('ERR_CONTAINER_UNSUPPORTED');
  });

  it('names the entry and the reason in the error details', () => {
    try {
      parseAsicManifest(foreignManifest(sigRef + reference('a.txt') + reference('a.txt')), { entryName: 'META-INF/ASiCManifest001.xml' });
      expect.unreachable();
    } catch (error) {
      expect((error as { details: Record<string, unknown> }).details).toMatchObject({ part: 'manifest', entry: 'META-INF/ASiCManifest001.xml' });
      expect((error as Error).message).toContain('referenced twice');
    }
  });
});

describe('nextSignaturePairNames', () => {
  it('starts at 001 and goes one past the highest number either kind uses', () => {
    expect(nextSignaturePairNames(['mimetype', 'a.pdf'])).toMatchObject({ manifestName: 'META-INF/ASiCManifest001.xml', signatureName: 'META-INF/signature001.p7s', number: 1 });
    expect(nextSignaturePairNames(['META-INF/ASiCManifest001.xml', 'META-INF/signature001.p7s', 'META-INF/signature004.p7s']).number).toBe(5);
    expect(nextSignaturePairNames(['META-INF/asicmanifest009.xml']).manifestName).toBe('META-INF/ASiCManifest010.xml');
    expect(nextSignaturePairNames(['META-INF/signature999.p7s']).signatureName).toBe('META-INF/signature1000.p7s');
  });
});
