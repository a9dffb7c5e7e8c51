/**
 * Hash routes, so that the app works from any file URL or custom protocol without server help:
 *   #/                          the inbox ("Le mie attività")
 *   #/atti                      the act list
 *   #/atti/7                    the editor of act 7
 *   #/atti/7/versioni           its version history
 *   #/atti/7/versioni/3         version 3, read-only
 *   #/atti/7/confronta/2/3      what changed from version 2 to version 3
 *   #/atti/7/documento          its document (PDF preview, print, save; certified copies)
 *   #/verifica                  «Verifica copia»: checks the contrassegno of a paper copy
 *   #/verifica-firma            «Verifica firma»: checks the digital signatures of a file
 *   #/archivio                  «Invio all'archivio»: the outbox and the sync to the server
 *   #/impostazioni              «Impostazioni»: the settings screens below, each with what it sets
 *   #/impostazioni/server       «Server documentale»: where the archive is, and the test
 *   #/impostazioni/firma        «Dispositivo di firma»: the current user's signing device
 *   #/impostazioni/sigillo      «Sigillo dei contrassegni»: the Comune's key for certified copies
 *   #/impostazioni/fiducia      «Fiducia e autorizzazioni»: who attests copies, trusted CAs, card drivers
 *   #/impostazioni/modelli      «Modelli degli atti»: the offices' standard acts
 *   #/registri                  the registers (determinazioni, current year)
 *   #/registri/ordinanza/2026   the register of the ordinanze of 2026
 *   #/controlli                 «Controllo successivo di regolarità» (TUEL art. 147-bis): draws, outcomes
 *   #/sedute                    «Sedute»: the sessions of the Giunta and of the Consiglio; convene one
 *   #/sedute/3                  session 3: its ordine del giorno, roll call, votes, minutes
 *   #/albo                      «Albo pretorio»: the register of publications and the albo online
 * Hashes that do not start with "#/" (in-page links) are not routes and leave the route alone.
 */
import type { ActKind } from './gen/types';

export type Route =
  | { name: 'inbox' }
  | { name: 'list' }
  | { name: 'editor'; id: number }
  | { name: 'history'; id: number; version: number | null }
  | { name: 'diff'; id: number; from: number; to: number }
  | { name: 'documento'; id: number }
  | { name: 'verifica' }
  | { name: 'verifica-firma' }
  | { name: 'archivio' }
  | { name: 'impostazioni' }
  | { name: 'server' }
  | { name: 'firma' }
  | { name: 'sigillo' }
  | { name: 'fiducia' }
  | { name: 'modelli' }
  | { name: 'registro'; kind: ActKind | null; year: number | null }
  | { name: 'controlli' }
  | { name: 'sedute' }
  | { name: 'seduta'; id: number }
  | { name: 'albo' };

const KINDS: readonly ActKind[] = [
  'delibera-giunta',
  'delibera-consiglio',
  'determinazione',
  'ordinanza',
  'decreto',
  'verbale-pl',
];

const isNumber = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s);

export function parseRoute(hash: string): Route | null {
  if (hash === '' || hash === '#') return { name: 'inbox' };
  if (!hash.startsWith('#/')) return null;
  const parts = hash.slice(2).split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'inbox' };
  const [first, second, third, fourth, fifth] = parts;
  if (first === 'atti') {
    if (parts.length === 1) return { name: 'list' };
    if (isNumber(second)) {
      const id = Number(second);
      if (parts.length === 2) return { name: 'editor', id };
      if (third === 'versioni') {
        if (parts.length === 3) return { name: 'history', id, version: null };
        if (parts.length === 4 && isNumber(fourth)) return { name: 'history', id, version: Number(fourth) };
      }
      if (third === 'documento' && parts.length === 3) return { name: 'documento', id };
      if (third === 'confronta' && parts.length === 5 && isNumber(fourth) && isNumber(fifth)) {
        return { name: 'diff', id, from: Number(fourth), to: Number(fifth) };
      }
    }
    return { name: 'list' };
  }
  if (first === 'verifica') return { name: 'verifica' };
  if (first === 'verifica-firma') return { name: 'verifica-firma' };
  if (first === 'archivio') return { name: 'archivio' };
  if (first === 'controlli') return { name: 'controlli' };
  if (first === 'albo') return { name: 'albo' };
  if (first === 'sedute') return isNumber(second) ? { name: 'seduta', id: Number(second) } : { name: 'sedute' };
  if (first === 'impostazioni' && second === 'server') return { name: 'server' };
  if (first === 'impostazioni' && second === 'firma') return { name: 'firma' };
  if (first === 'impostazioni' && second === 'sigillo') return { name: 'sigillo' };
  if (first === 'impostazioni' && second === 'fiducia') return { name: 'fiducia' };
  if (first === 'impostazioni' && second === 'modelli') return { name: 'modelli' };
  if (first === 'impostazioni') return { name: 'impostazioni' };
  if (first === 'registri') {
    const kind = KINDS.find((k) => k === second) ?? null;
    const year = kind !== null && isNumber(third) ? Number(third) : null;
    return { name: 'registro', kind, year };
  }
  return { name: 'inbox' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'inbox':
      return '#/';
    case 'list':
      return '#/atti';
    case 'editor':
      return `#/atti/${route.id}`;
    case 'history':
      return route.version === null
        ? `#/atti/${route.id}/versioni`
        : `#/atti/${route.id}/versioni/${route.version}`;
    case 'diff':
      return `#/atti/${route.id}/confronta/${route.from}/${route.to}`;
    case 'documento':
      return `#/atti/${route.id}/documento`;
    case 'verifica':
      return '#/verifica';
    case 'verifica-firma':
      return '#/verifica-firma';
    case 'archivio':
      return '#/archivio';
    case 'controlli':
      return '#/controlli';
    case 'sedute':
      return '#/sedute';
    case 'seduta':
      return `#/sedute/${route.id}`;
    case 'albo':
      return '#/albo';
    case 'impostazioni':
      return '#/impostazioni';
    case 'server':
      return '#/impostazioni/server';
    case 'firma':
      return '#/impostazioni/firma';
    case 'sigillo':
      return '#/impostazioni/sigillo';
    case 'fiducia':
      return '#/impostazioni/fiducia';
    case 'modelli':
      return '#/impostazioni/modelli';
    case 'registro':
      if (route.kind === null) return '#/registri';
      return route.year === null ? `#/registri/${route.kind}` : `#/registri/${route.kind}/${route.year}`;
  }
}

/** The settings screens, grouped under «Impostazioni» in the main navigation. */
export const SETTINGS = ['server', 'firma', 'sigillo', 'fiducia', 'modelli'] as const satisfies readonly Route['name'][];
export type SettingsName = (typeof SETTINGS)[number];

export const isSettings = (name: Route['name']): name is SettingsName =>
  (SETTINGS as readonly Route['name'][]).includes(name);

export function navigate(route: Route): void {
  const target = href(route);
  if (window.location.hash !== target) window.location.hash = target;
}

/** The current route, kept in step with the location hash. */
export class Router {
  route: Route = $state({ name: 'inbox' });
  /** How many times the route changed after the first one (pages focus their heading then). */
  changes = $state(0);

  start(): () => void {
    this.route = parseRoute(window.location.hash) ?? { name: 'inbox' };
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
