import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';
const FIELDS = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

/** The first element a keyboard user could reach inside `scope` (fields only with `fieldsOnly`). */
export function firstFocusable(scope: ParentNode | null | undefined, fieldsOnly = false): HTMLElement | null {
  return [...(scope?.querySelectorAll<HTMLElement>(fieldsOnly ? FIELDS : FOCUSABLE) ?? [])].find((element) => element.getClientRects().length > 0) ?? null;
}

/** Whether focus fell (or is about to fall) to the page start: the focused element was removed or disabled. */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  // A disabled control keeps focus until the browser's next focus fixup, and then loses it: count it as lost now.
  return active === null || active === document.body || !active.isConnected || active.matches(':disabled');
}

/**
 * After `key` changes (a page turned, a batch ended), focus that fell to the page start comes back to `target()`,
 * or the first reachable element of `container`: a keyboard or screen-reader user stays where they were working.
 */
export function useFocusRescue(container: RefObject<HTMLElement | null>, key: unknown, target?: () => HTMLElement | null | undefined): void {
  const mounted = useRef(false);
  const pick = useRef(target);
  pick.current = target;
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (focusIsLost()) (pick.current?.() ?? firstFocusable(container.current))?.focus();
  }, [key, container]);
}

/**
 * While mounted: when the element that had focus is removed or disabled (the sign form leaving with the documents
 * a batch signed, at whatever moment the list catches up), focus comes to `target()` instead of the page start.
 * A click on empty space is left alone: the element it left is still there and enabled.
 */
export function useFocusKeeper(target: () => HTMLElement | null | undefined): void {
  const pick = useRef(target);
  pick.current = target;
  useEffect(() => {
    let last: Element | null = document.activeElement;
    const onFocusIn = (event: FocusEvent) => {
      last = event.target instanceof Element ? event.target : null;
    };
    const observer = new MutationObserver(() => {
      if (!last || last === document.body || (last.isConnected && !last.matches(':disabled')) || !focusIsLost()) return;
      last = null;
      pick.current()?.focus();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    document.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    };
  }, []);
}
