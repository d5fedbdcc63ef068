/**
 * `fn` over every item with at most `limit` running at once; one promise per item, in order. A file worker answers a
 * chunk of up to 64 tasks together: asynchronous ops (PAdES, ASiC-E) go through this so that their buffers and
 * fsyncs stay bounded per thread.
 */
export function limitedMap<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Array<Promise<R>> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return items.map(async (item) => {
    await slot();
    try {
      return await fn(item);
    } finally {
      release();
    }
  });
}
