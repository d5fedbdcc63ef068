import { useEffect, useState } from 'react';
import { api } from '../api';

/**
 * What to call a key a signature was made with: its cabinet name; for a key no longer (or never) in the cabinet,
 * the file's name of a `file:` reference or the object label and token of a `pkcs11:` URI — never the raw URI.
 */
export function keyDisplayName(keyRef: string, names: ReadonlyMap<string, string>): string {
  const known = names.get(keyRef);
  if (known) return known;
  if (keyRef.startsWith('pkcs11:')) {
    const attributes = new Map(
      keyRef
        .slice('pkcs11:'.length)
        .split('?')[0]!
        .split(';')
        .map((pair) => pair.split('=') as [string, string | undefined])
        .map(([name, value]) => [name, safeDecode(value ?? '')] as const),
    );
    const object = attributes.get('object');
    const token = attributes.get('token');
    return [object, token].filter(Boolean).join(' · ') || keyRef;
  }
  const path = keyRef.startsWith('file:') ? safeDecode(keyRef.replace(/^file:(\/\/)?/, '')) : keyRef;
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || keyRef;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The cabinet's key names by key reference (empty until the list arrives; a failure leaves the fallbacks). */
export function useKeyNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    api()
      .cabinet.list()
      .then((keys) => live && setNames(new Map(keys.map((key) => [key.keyRef, key.name]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return names;
}
