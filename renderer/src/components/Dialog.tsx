import { useEffect, useId, useRef, type ReactNode } from 'react';
import { firstFocusable, focusIsLost } from './focus';

/**
 * A modal `<dialog>`: focus moves in and is trapped by the browser, Escape closes it, the title names it.
 * `actions` go in the footer bar. When the focused control goes away (a step's button replaced by "Close"), focus
 * moves to the dialog's main action instead of falling to the page start.
 */
export function Dialog({ title, onClose, children, actions, testId, wide }: { title: string; onClose(): void; children: ReactNode; actions?: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    if (!dialog) return;
    const observer = new MutationObserver(() => {
      if (!dialog.open || !focusIsLost()) return;
      (dialog.querySelector<HTMLElement>('.dialog-actions .primary:not([disabled])') ?? firstFocusable(dialog))?.focus();
    });
    observer.observe(dialog, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    return () => observer.disconnect();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} onClose={onClose} data-testid={testId} style={wide ? { maxWidth: 'min(900px, 94vw)' } : undefined}>
      <div className="dialog-body">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
      {actions ? <div className="dialog-actions">{actions}</div> : null}
    </dialog>
  );
}
