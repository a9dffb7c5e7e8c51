/** Reordering of the numbered parts of an act (sections, dispositivo points, impegni). */

/** Moves the item at `from` by `delta` places (-1 up, +1 down); returns its new index. */
export function moveItem<T>(items: T[], from: number, delta: number): number {
  const to = from + delta;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return from;
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item as T);
  return to;
}

/** Removes the item at `index`; returns the index that should get the focus next (-1 if none). */
export function removeItem<T>(items: T[], index: number): number {
  if (index < 0 || index >= items.length) return -1;
  items.splice(index, 1);
  if (items.length === 0) return -1;
  return Math.min(index, items.length - 1);
}
