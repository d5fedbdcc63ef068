import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueueDocument } from '../../../../preload/contract/domains/queue';
import { MiddleTruncate } from '../../components/MiddleTruncate';
import { formatBytes, splitPath } from '../../format/format';
import type { Selection } from './use-selection';

const ROW_HEIGHT = 40;

/**
 * The waiting documents as a multi-select listbox. Only the rows in view are in the DOM, so 10,000 documents
 * scroll as smoothly as 10. Keys: arrows, Home/End, PageUp/PageDown, Space toggles, Shift extends,
 * Ctrl+A selects all, Delete removes the selection.
 */
export function DocumentList({ documents, selection, onRemove }: { documents: readonly QueueDocument[]; selection: Selection; onRemove(): void }) {
  const { t, i18n } = useTranslation('toSign');
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: documents.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const { active, selected, pick } = selection;

  useEffect(() => {
    if (documents.length > 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, documents.length, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = documents.length - 1;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const move = (index: number) => {
      event.preventDefault();
      const target = Math.max(0, Math.min(last, index));
      if (event.shiftKey) pick(target, { shift: true, toggle: event.ctrlKey || event.metaKey });
      else selection.setActive(target);
    };
    switch (event.key) {
      case 'ArrowDown': return move(active + 1);
      case 'ArrowUp': return move(active - 1);
      case 'PageDown': return move(active + page);
      case 'PageUp': return move(active - page);
      case 'Home': return move(0);
      case 'End': return move(last);
      case ' ':
        event.preventDefault();
        return pick(active, { toggle: true });
      case 'Delete':
        event.preventDefault();
        return onRemove();
      case 'a':
      case 'A':
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          selection.selectAll();
        }
        return;
      case 'Escape':
        return selection.clear();
      default:
        return;
    }
  };

  const activeDocument = documents[active];
  return (
    <div className="doc-list">
      <div className="doc-row doc-head" aria-hidden="true">
        <span />
        <span>{t('columns.name')}</span>
        <span className="folder">{t('columns.folder')}</span>
        <span className="num">{t('columns.size')}</span>
        <span>{t('columns.added')}</span>
      </div>
      <div
        ref={scroller}
        className="doc-scroller"
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('listLabel', { count: documents.length })}
        aria-activedescendant={activeDocument ? `doc-${activeDocument.id}` : undefined}
        tabIndex={0}
        data-testid="queue-list"
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const doc = documents[item.index]!;
            const isSelected = selected.has(doc.id);
            const { name, folder } = splitPath(doc.path);
            return (
              <div
                key={doc.id}
                id={`doc-${doc.id}`}
                role="option"
                aria-selected={isSelected}
                aria-setsize={documents.length}
                aria-posinset={item.index + 1}
                data-testid="queue-row"
                data-index={item.index}
                className={`doc-row${item.index === active ? ' active' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={(event) => pick(item.index, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey })}
              >
                <span className="check" aria-hidden="true">{isSelected ? '☑' : '☐'}</span>
                <MiddleTruncate text={name} title={doc.path} className="name" testId="doc-name" />
                <MiddleTruncate text={folder} className="folder mono" />
                <span className="num">{formatBytes(doc.size, i18n.language)}</span>
                <span title={new Date(doc.addedAt).toLocaleString(i18n.language)}>{new Date(doc.addedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
