import { SaxesParser } from 'saxes';
import type { AsicManifest, AsicManifestReference } from './asic-manifest';
import { ASIC_NAMESPACE, XMLDSIG_NAMESPACE } from './asic-names';
import { malformed, unsupported } from './container-errors';
import { digestAlgorithmByUri } from './digest-algorithms';
import { uriToEntryName } from './manifest-uri';

export interface ParseAsicManifestOptions {
  /** The entry the manifest came from, for messages. */
  entryName?: string;
  /** Largest manifest read, in bytes (default 16 MiB: ~50,000 references). */
  maxBytes?: number;
  /** Most `DataObjectReference` elements (default 20,000). */
  maxReferences?: number;
}

interface XmlAttribute {
  uri: string;
  local: string;
  value: string;
}

interface XmlElement {
  uri: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  text: string;
  line: number;
}

const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const MAX_DEPTH = 32;
const MAX_ELEMENTS = 250_000;

/**
 * Reads an ASiCManifest strictly (EN 319 162-1, A.4): the root must be `{02918/v1.2.1#}ASiCManifest` holding one
 * `SigReference`, one or more `DataObjectReference` (each `ds:DigestMethod` + `ds:DigestValue`) and optional
 * extensions, in that order; anything else, a missing or malformed digest, a duplicate URI, a DOCTYPE, an encoding
 * other than UTF-8 or a critical extension is refused with a coded error. Namespace prefixes are resolved, so
 * `asic:`, `ns2:` or a default namespace read alike.
 */
export function parseAsicManifest(xml: Uint8Array | string, options: ParseAsicManifestOptions = {}): AsicManifest {
  const entry = options.entryName;
  const fail = (reason: string, extra: Record<string, unknown> = {}) =>
    malformed(`ASiC manifest${entry ? ` ${entry}` : ''}: ${reason}`, { part: 'manifest', ...(entry ? { entry } : {}), reason, ...extra });
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const maxReferences = options.maxReferences ?? 20_000;

  const byteLength = typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.length;
  if (byteLength > maxBytes) throw fail(`larger than ${maxBytes} bytes`);
  let text: string;
  if (typeof xml === 'string') {
    text = xml;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(xml);
    } catch {
      throw fail('not UTF-8');
    }
  }
  const root = readTree(text, fail);
  if (root.uri !== ASIC_NAMESPACE || root.local !== 'ASiCManifest') {
    throw fail(`the root element is {${root.uri}}${root.local}, not {${ASIC_NAMESPACE}}ASiCManifest`);
  }
  refuseUnknownAttributes(root, [], fail);
  refuseText(root, fail);

  const children = root.children;
  const [first, ...rest] = children;
  if (!first || !isAsic(first, 'SigReference')) throw fail('the first child must be asic:SigReference');
  refuseUnknownAttributes(first, ['URI', 'MimeType'], fail);
  if (first.children.length > 0 || first.text.trim() !== '') throw fail('asic:SigReference has content');
  const sigUri = requiredAttribute(first, 'URI', fail);
  const signatureName = uriToEntryName(sigUri);
  const signatureMimeType = optionalAttribute(first, 'MimeType');

  const documents: AsicManifestReference[] = [];
  const names = new Set<string>([signatureName]);
  let extensionCount = 0;
  rest.forEach((child, index) => {
    if (isAsic(child, 'DataObjectReference')) {
      if (documents.length >= maxReferences) throw fail(`more than ${maxReferences} references`);
      const reference = readReference(child, fail);
      if (names.has(reference.name)) throw fail(`${JSON.stringify(reference.name)} is referenced twice`, { uri: reference.uri });
      names.add(reference.name);
      documents.push(reference);
    } else if (isAsic(child, 'ASiCManifestExtensions') && index === rest.length - 1 && documents.length > 0) {
      extensionCount += readExtensions(child, fail);
    } else {
      throw fail(`unexpected element {${child.uri}}${child.local} at line ${child.line}`);
    }
  });
  if (documents.length === 0) throw fail('no asic:DataObjectReference');
  return {
    signatureName,
    ...(signatureMimeType !== undefined ? { signatureMimeType } : {}),
    documents,
    extensionCount,
  };
}

type Fail = (reason: string, extra?: Record<string, unknown>) => Error;

function readTree(text: string, fail: Fail): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let problem: Error | undefined;
  const stop = (error: Error) => {
    problem ??= error;
  };
  parser.on('error', (error) => stop(fail(`not well-formed XML: ${error.message}`)));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8') stop(fail(`encoding ${decl.encoding} (only UTF-8 is read)`));
  });
  parser.on('doctype', () => stop(fail('a DOCTYPE (DTDs and entities are not allowed)')));
  parser.on('opentag', (tag) => {
    elements += 1;
    if (elements > MAX_ELEMENTS) return stop(fail(`more than ${MAX_ELEMENTS} elements`));
    if (stack.length >= MAX_DEPTH) return stop(fail(`nested deeper than ${MAX_DEPTH}`));
    const element: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      attributes: Object.values(tag.attributes)
        .filter((attribute) => attribute.uri !== XMLNS_NAMESPACE && attribute.name !== 'xmlns')
        .map((attribute) => ({ uri: attribute.uri, local: attribute.local, value: attribute.value })),
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (value: string) => {
    const current = stack.at(-1);
    if (current) current.text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  // saxes calls the error handler and carries on; chunking lets a fatal problem stop the work early.
  const CHUNK = 1 << 16;
  for (let offset = 0; offset < text.length && problem === undefined; offset += CHUNK) parser.write(text.slice(offset, offset + CHUNK));
  if (problem === undefined) parser.close();
  if (problem) throw problem;
  if (!root) throw fail('no root element');
  return root;
}

function isAsic(element: XmlElement, local: string): boolean {
  return element.uri === ASIC_NAMESPACE && element.local === local;
}

function isDsig(element: XmlElement, local: string): boolean {
  return element.uri === XMLDSIG_NAMESPACE && element.local === local;
}

function optionalAttribute(element: XmlElement, local: string): string | undefined {
  return element.attributes.find((attribute) => attribute.uri === '' && attribute.local === local)?.value;
}

function requiredAttribute(element: XmlElement, local: string, fail: Fail): string {
  const value = optionalAttribute(element, local);
  if (value === undefined) throw fail(`{${element.uri}}${element.local} at line ${element.line} has no ${local} attribute`);
  return value;
}

/** Unqualified attributes must be the schema's; attributes in other namespaces (xsi:…, xml:…) are allowed. */
function refuseUnknownAttributes(element: XmlElement, allowed: readonly string[], fail: Fail): void {
  for (const attribute of element.attributes) {
    if (attribute.uri === '' && !allowed.includes(attribute.local)) {
      throw fail(`unexpected attribute ${attribute.local} on {${element.uri}}${element.local} at line ${element.line}`);
    }
  }
}

function refuseText(element: XmlElement, fail: Fail): void {
  if (element.text.trim() !== '') throw fail(`text inside {${element.uri}}${element.local} at line ${element.line}`);
}

function readBoolean(value: string | undefined, fail: Fail): boolean | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === 'true' || trimmed === '1') return true;
  if (trimmed === 'false' || trimmed === '0') return false;
  throw fail(`${JSON.stringify(value)} is not an xsd:boolean`);
}

function readReference(element: XmlElement, fail: Fail): AsicManifestReference {
  refuseUnknownAttributes(element, ['URI', 'MimeType', 'Rootfile'], fail);
  refuseText(element, fail);
  const uri = requiredAttribute(element, 'URI', fail);
  const name = uriToEntryName(uri);
  const [method, value, extensions, ...more] = element.children;
  if (!method || !isDsig(method, 'DigestMethod')) throw fail(`the reference to ${JSON.stringify(name)} has no ds:DigestMethod`, { uri });
  if (!value || !isDsig(value, 'DigestValue')) throw fail(`the reference to ${JSON.stringify(name)} has no ds:DigestValue`, { uri });
  if (extensions && !isAsic(extensions, 'DataObjectReferenceExtensions')) {
    throw fail(`unexpected element {${extensions.uri}}${extensions.local} in the reference to ${JSON.stringify(name)}`, { uri });
  }
  if (more.length > 0) throw fail(`unexpected elements in the reference to ${JSON.stringify(name)}`, { uri });
  refuseUnknownAttributes(method, ['Algorithm'], fail);
  if (method.children.length > 0 || method.text.trim() !== '') throw fail(`ds:DigestMethod of ${JSON.stringify(name)} has content`, { uri });
  const algorithmUri = requiredAttribute(method, 'Algorithm', fail);
  refuseUnknownAttributes(value, [], fail);
  if (value.children.length > 0) throw fail(`ds:DigestValue of ${JSON.stringify(name)} has child elements`, { uri });
  const base64 = value.text.replace(/[\t\n\r ]/g, '');
  if (base64 === '') throw fail(`the digest of ${JSON.stringify(name)} is empty`, { uri });
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
    throw fail(`the digest of ${JSON.stringify(name)} is not base64`, { uri });
  }
  const digest = new Uint8Array(Buffer.from(base64, 'base64'));
  const facts = digestAlgorithmByUri(algorithmUri);
  if (facts && digest.length !== facts.length) {
    throw fail(`the ${facts.name} digest of ${JSON.stringify(name)} has ${digest.length} bytes, not ${facts.length}`, { uri });
  }
  if (extensions) readExtensions(extensions, fail);
  const mimeType = optionalAttribute(element, 'MimeType');
  const rootfile = readBoolean(optionalAttribute(element, 'Rootfile'), fail);
  return {
    name,
    uri,
    ...(mimeType !== undefined ? { mimeType } : {}),
    ...(rootfile !== undefined ? { rootfile } : {}),
    digestAlgorithm: facts?.name,
    digestAlgorithmUri: algorithmUri,
    digest,
  };
}

/** ExtensionsListType: `Extension` elements with any content; a critical one Signdesk cannot honour. */
function readExtensions(element: XmlElement, fail: Fail): number {
  refuseUnknownAttributes(element, [], fail);
  refuseText(element, fail);
  for (const extension of element.children) {
    if (!isAsic(extension, 'Extension')) throw fail(`unexpected element {${extension.uri}}${extension.local} in an extension list`);
    refuseUnknownAttributes(extension, ['Critical'], fail);
    if (readBoolean(optionalAttribute(extension, 'Critical'), fail) === true) {
      throw unsupported('the ASiC manifest has a critical extension Signdesk does not know', { part: 'manifest' });
    }
  }
  return element.children.length;
}
