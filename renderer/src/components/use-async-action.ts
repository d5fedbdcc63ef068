import { useCallback, useState } from 'react';

/** busy / error / result around one async call; the error is kept for ErrorMessage and cleared on retry. */
export function useAsyncAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<R | undefined>();
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        const value = await action(...args);
        setResult(value);
        return value;
      } catch (caught) {
        setError(caught);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  /** Forgets the error (and result) of the last call: a wizard going back does not show stale errors. */
  const reset = useCallback(() => {
    setError(undefined);
    setResult(undefined);
  }, []);
  return { busy, error, result, run, reset };
}
