/**
 * Latin-script words a Ukrainian or Russian screen may show: product and standard names, acronyms, file extensions.
 * Everything else in Latin letters inside a uk/ru screen is leftover English (or developer text).
 */
export const LATIN_ALLOWED = new Set([
  'signdesk', 'sign.me', 'pin', 'puk', 'so', 'caps', 'lock', 'id', 'url', 'http', 'https', 'qr', 'csv', 'json',
  'pkcs', 'cades', 'pades', 'asic', 'asic-e', 'xades', 'cms', 'der', 'ber', 'pem', 'rfc', 'pdf', 'zip', 'ocsp', 'crl',
  'tsa', 'tsp', 'cmp', 'ca', 'csr', 'md5', 'sha', 'sha-1', 'sha-256', 'sha-384', 'sha-512', 'sha3', 'ecdsa', 'rsa',
  'rsa-pss', 'pss', 'ec', 'eddsa', 'ed25519', 'p-256', 'p-384', 'p-521', 'dstu', 'gost', 'key-6', 'dat', 'pfx', 'p12',
  'jks', 'jceks', 'key', 'p7s', 'p7b', 'p7m', 'asice', 'sce', 'cer', 'crt', 'txt', 'docx', 'xlsx', 'xml', 'usb', 'dn',
  'bes', 'epes', 't', 'lt', 'lta', 'b', 'b-b', 'b-t', 'b-lt', 'b-lta', 'cades-t', 'cades-lt', 'cades-lta', 'softhsm', 'opensc', 'x.509', 'x509', 'utc',
  'kb', 'mb', 'gb', 'oid', 'ipn', 'edrpou', 'rnokpp', 'inn', 'ogrn', 'snils', 'api', 'ok', 'windows', 'linux', 'macos',
  'ssh', 'ip', 'localhost', 'english', 'uri', 'shift', 'ctrl', 'alt', 'delete', 'enter', 'esc', 'tab', 'ctrl+a', 'docmdp', 'iit', 'jca', 'pbes2', 'kupyna', 'hsm', 'ukr', 'e-mail', 'email', 'https://',
]);

/** Latin-letter words of `text` not on the allow-list (file names, paths, addresses and hex are ignored). */
export function leftoverEnglish(text: string, extraAllowed: Iterable<string> = []): string[] {
  const allowed = new Set([...LATIN_ALLOWED, ...[...extraAllowed].map((word) => word.toLowerCase())]);
  const cleaned = text
    .replace(/\{\{[^}]*\}\}|\$t\([^)]*\)/g, ' ') // i18next placeholders and nesting
    .replace(/\b(?:file|pkcs11):/g, ' ') // key reference schemes (RFC 7512, file:PATH)
    .replace(/\b(?:ERR|WARN)_[A-Z0-9_]+\b/g, ' ') // error codes, shown for support next to their translation
    .replace(/\b[\w.-]+@[\w.-]+\b/g, ' ') // e-mail addresses
    .replace(/[a-z]+:\/\/\S+/gi, ' ') // URLs
    .replace(/(?:[A-Za-z]:)?[\\/][^\s,;)»"]+/g, ' ') // paths
    .replace(/\b[\w-]+\.(?:[A-Za-z0-9]{1,5})\b/g, ' ') // file names
    .replace(/\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+\b/g, ' ') // fingerprints
    .replace(/\b[0-9A-Fa-f]{8,}\b/g, ' '); // serials, hashes
  const words = cleaned.match(/[A-Za-z][A-Za-z0-9#.+-]*/g) ?? [];
  return words
    .map((word) => word.replace(/[.#+-]+$/, ''))
    .filter((word) => !allowed.has(word.toLowerCase()) && !allowed.has(word.toLowerCase().replace(/#?\d+$/, '')) && !/^\d/.test(word));
}
