/**
 * Work that must be saved before the context changes (switching user, closing the window,
 * opening the version history): the open editor registers its flush here, and the last save of
 * an editor being closed is tracked until it ends.
 */
type Flush = () => Promise<unknown>;

const flushes = new Set<Flush>();
const inflight = new Set<Promise<unknown>>();

export function registerFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Tracks a save that outlives its editor (the one run when the editor closes). */
export function trackSave(save: Promise<unknown>): void {
  const p = save.catch(() => undefined).finally(() => inflight.delete(p));
  inflight.add(p);
}

/** Saves everything pending and waits for saves already running. */
export async function flushPending(): Promise<void> {
  await Promise.all([...[...flushes].map((f) => f().catch(() => undefined)), ...inflight]);
}
