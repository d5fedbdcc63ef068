import { useCallback, useMemo, useRef, useState } from 'react';

export interface Selection {
  selected: ReadonlySet<number>;
  /** Index of the row with keyboard focus (the listbox's active descendant). */
  active: number;
  setActive(index: number): void;
  /** A click or key on a row: plain = only it, ctrl/meta = toggle it, shift = range from the anchor. */
  pick(index: number, modifiers: { shift?: boolean; toggle?: boolean }): void;
  selectAll(): void;
  clear(): void;
}

/** Multi-selection over a list of ids, by index, with an anchor for shift ranges (as file managers do). */
export function useSelection(ids: readonly number[]): Selection {
  const [selectedRaw, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [activeRaw, setActive] = useState(0);
  const anchor = useRef(0);

  // Ids that left the list (signed, removed) drop out of the selection.
  const selected = useMemo(() => {
    if (selectedRaw.size === 0) return selectedRaw;
    const present = new Set(ids);
    const kept = [...selectedRaw].filter((id) => present.has(id));
    return kept.length === selectedRaw.size ? selectedRaw : new Set(kept);
  }, [ids, selectedRaw]);
  const active = Math.max(0, Math.min(activeRaw, ids.length - 1));

  const pick = useCallback(
    (index: number, { shift, toggle }: { shift?: boolean; toggle?: boolean }) => {
      const id = ids[index];
      if (id === undefined) return;
      setActive(index);
      if (shift) {
        const [from, to] = anchor.current <= index ? [anchor.current, index] : [index, anchor.current];
        const range = ids.slice(from, to + 1);
        setSelected((previous) => (toggle ? new Set([...previous, ...range]) : new Set(range)));
        return;
      }
      anchor.current = index;
      if (toggle) {
        setSelected((previous) => {
          const next = new Set(previous);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
      } else {
        setSelected(new Set([id]));
      }
    },
    [ids],
  );

  return {
    selected,
    active,
    setActive,
    pick,
    selectAll: useCallback(() => setSelected(new Set(ids)), [ids]),
    clear: useCallback(() => setSelected(new Set()), []),
  };
}
