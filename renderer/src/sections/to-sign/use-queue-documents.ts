import { useCallback, useEffect, useState } from 'react';
import type { QueueDocument } from '../../../../preload/contract/domains/queue';
import { api } from '../../api';

/** The to-sign list, reloaded whenever main says it changed (a watched folder, a batch, another window). */
export function useQueueDocuments(): { documents: QueueDocument[]; loaded: boolean; error: unknown; reload(): Promise<void> } {
  const [documents, setDocuments] = useState<QueueDocument[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>();
  const reload = useCallback(async () => {
    try {
      setDocuments(await api().queue.list());
      setError(undefined);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoaded(true);
    }
  }, []);
  useEffect(() => {
    void reload();
    let pending: ReturnType<typeof setTimeout> | undefined;
    // A batch emits many changes: reload at most a few times a second.
    const soon = (delay: number) => {
      pending ??= setTimeout(() => {
        pending = undefined;
        void reload();
      }, delay);
    };
    // A running batch takes its documents off the list as it signs them: follow it every couple of seconds.
    const now = () => {
      if (pending) clearTimeout(pending);
      pending = undefined;
      void reload();
    };
    const offs = [api().onQueueChanged(() => soon(250)), api().onBatchFinished(now), api().onBatchProgress(() => soon(2000))];
    return () => {
      for (const off of offs) off();
      if (pending) clearTimeout(pending);
    };
  }, [reload]);
  return { documents, loaded, error, reload };
}
