/** `base`, or `base (2)`, `base (3)`… — the first that no key in `taken` has, so two keys never share a name. */
export function distinctName(base: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n += 1) if (!names.has(`${base} (${n})`)) return `${base} (${n})`;
}
