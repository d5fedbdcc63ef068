import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { api } from '../../api';

export const PAGE_SIZE = 100;

export interface HistoryFilter {
  text: string;
  /** yyyy-mm-dd from `<input type=date>`, local days. */
  from: string;
  to: string;
}

/** The filter as the `history:*` channels take it: local days → ISO instants (the whole `to` day included). */
export function historyQuery(filter: HistoryFilter): { text?: string; from?: string; to?: string } {
  const query: { text?: string; from?: string; to?: string } = {};
  if (filter.text.trim()) query.text = filter.text.trim();
  if (filter.from) query.from = new Date(`${filter.from}T00:00:00`).toISOString();
  if (filter.to) query.to = new Date(`${filter.to}T23:59:59.999`).toISOString();
  return query;
}

export function useHistory(filter: HistoryFilter, page: number) {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>();
  const reload = useCallback(async () => {
    try {
      setEntries(await api().history.list({ ...historyQuery(filter), limit: PAGE_SIZE, offset: page * PAGE_SIZE }));
      setError(undefined);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoaded(true);
    }
  }, [filter, page]);
  useEffect(() => {
    const timer = setTimeout(() => void reload(), 150);
    return () => clearTimeout(timer);
  }, [reload]);
  useEffect(() => api().onBatchFinished(() => void reload()), [reload]);
  return { entries, loaded, error, reload };
}
