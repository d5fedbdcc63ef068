const encoder = new TextEncoder();

/**
 * Paths in groups that each fit one call: at most `maxCount` paths and about `maxBytes` of JSON (a single longer
 * path still gets a group of its own). Keeps `queue:add` under the bridge's frame limit.
 */
export function chunkPaths(paths: readonly string[], maxCount: number, maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = encoder.encode(JSON.stringify(path)).byteLength + 1;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(path);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
