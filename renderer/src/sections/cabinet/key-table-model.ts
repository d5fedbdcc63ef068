import type { CabinetKey } from '../../../../preload/contract/index';

export const SORT_COLUMNS = ['organisation', 'owner', 'storage', 'status', 'created', 'validity'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface Sort {
  column: SortColumn;
  direction: 'ascending' | 'descending';
}

export const PAGE_SIZE = 10;

function sortValue(key: CabinetKey, column: SortColumn): string {
  switch (column) {
    case 'organisation':
      return key.organisation ?? '';
    case 'owner':
      return key.owner ?? key.name;
    case 'storage':
      return `${key.storage} ${key.storageLabel}`;
    case 'status':
      return key.status;
    case 'created':
      return key.created;
    case 'validity':
      return key.notAfter ?? '';
  }
}

/** Search (every shown text and identifier), then sort, then the page. */
export function visibleKeys(keys: readonly CabinetKey[], query: string, sort: Sort, page: number) {
  const needle = query.trim().toLocaleLowerCase();
  const matching = needle
    ? keys.filter((key) =>
        [key.name, key.owner, key.organisation, key.edrpou, key.rnokpp, key.position, key.storageLabel, ...Object.values(key.identifiers)]
          .filter(Boolean)
          .some((text) => text!.toLocaleLowerCase().includes(needle)),
      )
    : [...keys];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  matching.sort((a, b) => sign * sortValue(a, sort.column).localeCompare(sortValue(b, sort.column)) || a.id.localeCompare(b.id));
  const pageCount = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  return { rows: matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), total: matching.length, pageCount, page: current };
}
