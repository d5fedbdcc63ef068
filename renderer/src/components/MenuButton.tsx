import './components.css';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { placeMenu } from './place-menu';

export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
  onSelect(): void;
}

/**
 * The WAI-ARIA menu button: Enter / Space / ArrowDown open the menu on its first item, ArrowUp on the last;
 * arrows, Home and End move; Enter chooses; Escape or Tab closes and returns focus to the button.
 * The menu is a popover in the top layer, placed next to its button: no table or card around it can clip it.
 */
export function MenuButton({ label, accessibleLabel, items, testId }: { label: string; accessibleLabel: string; items: readonly MenuItem[]; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  useLayoutEffect(() => {
    const menu = list.current;
    if (!open || !menu || !button.current) return;
    const anchor = button.current;
    const place = () => placeMenu(menu, anchor);
    if (!menu.matches(':popover-open')) menu.showPopover();
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open]);

  useEffect(() => {
    if (open) (list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active])?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!list.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    close();
    item.onSelect();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = { ArrowDown: active === last ? 0 : active + 1, ArrowUp: active === 0 ? last : active - 1, Home: 0, End: last };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      close(false);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(items[active]!);
    }
  };

  return (
    <div className="menu-button">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={accessibleLabel}
        onClick={() => (open ? close() : openAt(0))}
        onKeyDown={onButtonKey}
        data-testid={testId}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul ref={list} id={`${id}-menu`} role="menu" aria-label={accessibleLabel} className="menu" popover="manual" onKeyDown={onMenuKey}>
          {items.map((item, index) => (
            <li
              key={item.id}
              role="menuitem"
              tabIndex={index === active ? 0 : -1}
              aria-disabled={item.disabled || undefined}
              className={index === active ? 'active' : undefined}
              onClick={() => choose(item)}
              onMouseEnter={() => setActive(index)}
              data-testid={`menu-${item.id}`}
            >
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
