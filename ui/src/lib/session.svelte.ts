/** The session (Comune, user, kinds, states, offices), shared by every page through context. */
import { getContext, setContext } from 'svelte';
import type { ActKind, ActState, KindInfo, LoginInfo, Role, SectionKind, SessionInfo } from './gen/types';
import { startSavesIn } from './backend';

const KEY = Symbol('session');

export class Session {
  #info: SessionInfo | null = $state(null);

  constructor(info: SessionInfo | null = null) {
    this.#info = info;
  }

  get loaded(): boolean {
    return this.#info !== null;
  }

  /** Before a login (a real Comune) or after a logout: what the login screen shows. */
  login: LoginInfo | null = $state(null);

  /** A login checked offline (the server did not answer): the app says so until dismissed. */
  offline = $state(false);

  /** What the login reported (the Comune's set-up on the server not taken, and why), until dismissed. */
  notices: string[] = $state([]);

  /** The user logged out: nobody works until the next login. */
  signOut(login: LoginInfo): void {
    this.#info = null;
    this.offline = false;
    this.notices = [];
    this.login = login;
  }

  /** The session; pages render only once it is loaded. */
  get info(): SessionInfo {
    if (this.#info === null) throw new Error('Session not loaded yet');
    return this.#info;
  }

  set info(info: SessionInfo) {
    this.#info = info;
    startSavesIn(info.save_dir);
    this.login = null;
    this.revision += 1;
  }

  /** Another user now works here (the demo Comune's switch): what was said to the previous one goes. */
  switchTo(info: SessionInfo): void {
    this.info = info;
    this.notices = [];
    this.offline = false;
  }

  /** Grows at every change of session (user switch): lists reload on it. */
  revision = $state(0);

  /** Grows when steps of other PCs arrive (the shared iter): lists and the open act reload on it. */
  pulled = $state(0);

  /** The current year in the Comune's calendar, from the backend's today (never the PC's clock). */
  get year(): number {
    return Number(this.info.today.slice(0, 4));
  }

  /** "Giulia Rossi (Istruttore)" */
  get userLabel(): string {
    const u = this.info.user;
    return `${u.full_name} (${u.role_label})`;
  }

  kind(kind: ActKind): KindInfo {
    return (
      this.info.kinds.find((k) => k.kind === kind) ?? {
        kind,
        label: kind,
        dispositivo_verb: null,
        has_impegni: false,
        is_verbale: kind === 'verbale-pl',
        may_draft: false,
      }
    );
  }

  /** Whether the text of an act in this state may still change (the backend says which). */
  stateEditable(state: ActState): boolean {
    return this.info.states.find((s) => s.state === state)?.editable ?? false;
  }

  /** The label of a state; unknown states (newer backend) show their name. */
  stateLabel(state: ActState | string): string {
    return this.info.states.find((s) => s.state === state)?.label ?? state;
  }

  /** Kinds the current user may draft (NewActDialog offers only these). */
  get draftableKinds(): KindInfo[] {
    return this.info.kinds.filter((k) => k.may_draft);
  }

  /** "Giulia Bianchi" for "istruttore"; unknown user names are shown as they are. */
  userName(username: string): string {
    return this.info.users.find((u) => u.username === username)?.full_name ?? username;
  }

  /** "Segretario generale" for "segretario" (from the users of the session). */
  roleLabel(role: Role): string {
    return this.info.users.find((u) => u.role === role)?.role_label ?? role.charAt(0).toUpperCase() + role.slice(1);
  }

  officeName(code: string): string {
    return this.info.offices.find((o) => o.code === code)?.name ?? code;
  }
}

export function provideSession(session: Session): void {
  setContext(KEY, session);
}

export function useSession(): Session {
  const s = getContext<Session | undefined>(KEY);
  if (!s) throw new Error('Session not provided');
  return s;
}

export const SECTION_HEADINGS = {
  premesso: 'Premesso che',
  visto: 'Visti e richiamati',
  considerato: 'Considerato che',
  ritenuto: 'Ritenuto',
  'dato-atto': 'Dato atto che',
} as const satisfies Record<SectionKind, string>;

/** Section kinds in the classic reading order. */
export const SECTION_KINDS: readonly SectionKind[] = ['premesso', 'visto', 'considerato', 'ritenuto', 'dato-atto'];
