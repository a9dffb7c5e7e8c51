/**
 * The shared iter, the desktop's side: in a real Comune the steps the other PCs took arrive by
 * themselves (at the login, then every minute, or when the clerk asks), and the steps taken here
 * while the server did not answer leave. What could not be applied is said until dismissed.
 */
import * as backend from './backend';
import type { Session } from './session.svelte';

/** How often the steps of the other PCs are fetched. */
export const PULL_EVERY_MS = 60_000;

/** Fetches once; true when something arrived or left. A server that does not answer is tried again next time. */
export async function pullShared(session: Session): Promise<boolean> {
  if (!session.loaded || session.info.demo) return false;
  try {
    const pulled = await backend.sharedPull();
    const changed = pulled.applied > 0 || pulled.sent > 0 || pulled.refused.length > 0;
    if (changed) session.pulled += 1;
    const said = [...pulled.problems, ...pulled.refused];
    if (said.length > 0) session.notices = [...session.notices, ...said];
    return changed;
  } catch {
    // Offline: the queued steps wait, the archive's page says why; the next round tries again.
    return false;
  }
}
