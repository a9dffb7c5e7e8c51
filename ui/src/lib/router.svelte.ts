/**
 * Hash routes, so that the app works from any file URL or custom protocol without server help:
 *   #/                      the act list
 *   #/atti/7                the editor of act 7
 *   #/atti/7/versioni       its version history
 *   #/atti/7/versioni/3     version 3, read-only
 * Hashes that do not start with "#/" (in-page links) are not routes and leave the route alone.
 */
export type Route =
  | { name: 'list' }
  | { name: 'editor'; id: number }
  | { name: 'history'; id: number; version: number | null };

export function parseRoute(hash: string): Route | null {
  if (hash === '' || hash === '#') return { name: 'list' };
  if (!hash.startsWith('#/')) return null;
  const parts = hash.slice(2).split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'list' };
  if (parts[0] === 'atti' && parts[1] && /^\d+$/.test(parts[1])) {
    const id = Number(parts[1]);
    if (parts.length === 2) return { name: 'editor', id };
    if (parts[2] === 'versioni') {
      const v = parts[3];
      if (parts.length === 3) return { name: 'history', id, version: null };
      if (parts.length === 4 && v && /^\d+$/.test(v)) return { name: 'history', id, version: Number(v) };
    }
  }
  return { name: 'list' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'list':
      return '#/';
    case 'editor':
      return `#/atti/${route.id}`;
    case 'history':
      return route.version === null
        ? `#/atti/${route.id}/versioni`
        : `#/atti/${route.id}/versioni/${route.version}`;
  }
}

export function navigate(route: Route): void {
  const target = href(route);
  if (window.location.hash !== target) window.location.hash = target;
}

/** The current route, kept in step with the location hash. */
export class Router {
  route: Route = $state({ name: 'list' });
  /** How many times the route changed after the first one (pages focus their heading then). */
  changes = $state(0);

  start(): () => void {
    this.route = parseRoute(window.location.hash) ?? { name: 'list' };
    const onHash = () => {
      const next = parseRoute(window.location.hash);
      if (next && href(next) !== href(this.route)) {
        this.route = next;
        this.changes += 1;
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }
}
