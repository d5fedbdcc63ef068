import type { TokenInfo } from './token-info';

/** Which token: by label and/or serial (never by slot id), optionally within one library. */
export interface TokenQuery {
  label?: string;
  serial?: string;
  manufacturer?: string;
  model?: string;
  modulePath?: string;
  /** RFC 7512 module-name: the library file name without `lib` and extension, e.g. `softhsm2`. */
  moduleName?: string;
}

export function matchesQuery(token: TokenInfo, query: TokenQuery): boolean {
  return (
    (query.label === undefined || token.label === query.label) &&
    (query.serial === undefined || token.serial === query.serial) &&
    (query.manufacturer === undefined || token.manufacturer === query.manufacturer) &&
    (query.model === undefined || token.model === query.model)
  );
}

export function describeQuery(query: TokenQuery): string {
  const parts = [
    query.label !== undefined ? `label "${query.label}"` : undefined,
    query.serial !== undefined ? `serial ${query.serial}` : undefined,
    query.modulePath !== undefined ? `in ${query.modulePath}` : query.moduleName !== undefined ? `in module ${query.moduleName}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'any token';
}

/** RFC 7512 module-name: `libsofthsm2.so` → `softhsm2`, `opensc-pkcs11.dll` → `opensc-pkcs11`. */
export function moduleNameOf(modulePath: string): string {
  const base = (modulePath.split(/[\\/]/).pop() ?? modulePath).toLowerCase();
  return base.replace(/^lib/, '').replace(/\.(so(\.[0-9.]+)?|dylib|dll)$/, '');
}
