/**
 * Scroll anchoring, as Chrome and Firefox do by themselves and WebKit (the desktop's webview)
 * does not: when something above the element the clerk is working on grows or shrinks (the iter
 * panel refreshed after an autosave, a notice, the steps arriving from the other PCs), the page
 * scrolls by as much, so that the field under the clerk's eyes, and the button under their
 * pointer, stay where they were.
 *
 * The anchor is the element with the focus (not the page itself, nor `skip`, the main region a
 * navigation focuses): where the clerk works. A click on what does not take the focus leaves the
 * anchor where the clerk last worked.
 */
export function anchorScroll(skip: HTMLElement): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  let anchor: Element | null = null;
  let top = 0;

  const remember = () => {
    const focused = document.activeElement;
    if (focused === skip) anchor = null;
    else if (focused && focused !== document.body) anchor = focused;
    else if (!anchor?.isConnected) anchor = null;
    if (anchor) top = anchor.getBoundingClientRect().top;
  };

  const follow = () => {
    if (anchor?.isConnected) {
      const moved = anchor.getBoundingClientRect().top - top;
      if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, behavior: 'instant' });
    }
    remember();
  };

  const observer = new ResizeObserver(follow);
  observer.observe(document.body);
  document.addEventListener('focusin', remember);
  window.addEventListener('scroll', remember, { passive: true });
  remember();
  return () => {
    observer.disconnect();
    document.removeEventListener('focusin', remember);
    window.removeEventListener('scroll', remember);
  };
}
