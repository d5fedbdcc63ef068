const GAP = 4;
const MARGIN = 8;

/**
 * Puts a fixed-position menu under its button, right edges aligned, or above it when there is more room there;
 * it never leaves the window: the left edge is kept inside and the height is capped (the list then scrolls).
 */
export function placeMenu(menu: HTMLElement, anchor: HTMLElement): void {
  const button = anchor.getBoundingClientRect();
  const viewportWidth = document.documentElement.clientWidth;
  const viewportHeight = document.documentElement.clientHeight;
  menu.style.maxHeight = '';
  const below = viewportHeight - button.bottom - GAP - MARGIN;
  const above = button.top - GAP - MARGIN;
  const natural = menu.scrollHeight;
  const downwards = natural <= below || below >= above;
  const room = Math.max(0, downwards ? below : above);
  const height = Math.min(natural, room);
  menu.style.maxHeight = `${room}px`;
  const width = menu.offsetWidth;
  const left = Math.min(Math.max(MARGIN, button.right - width), viewportWidth - width - MARGIN);
  menu.style.left = `${Math.max(MARGIN, left)}px`;
  menu.style.top = `${downwards ? button.bottom + GAP : button.top - GAP - height}px`;
}
