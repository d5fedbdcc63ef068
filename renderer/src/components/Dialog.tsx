import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal `<dialog>`: focus moves in and is trapped by the browser, Escape closes it, the title names it.
 * `actions` go in the footer bar.
 */
export function Dialog({ title, onClose, children, actions, testId, wide }: { title: string; onClose(): void; children: ReactNode; actions?: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
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
