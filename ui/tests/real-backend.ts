/**
 * One test's backend: a copy of the tests' world (tests/world.ts) opened by the real backend
 * (tests/bridge.ts), with the window's file dialogs answered by the test. Used by the component
 * tests (tests/backend.ts, behind Tauri's IPC in jsdom) and by the accessibility run in
 * Chromium (tests/a11y/run.mjs). No rule of Atti lives here.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Bridge } from './bridge';
import { WORLD_START } from './world';
import type { SessionInfo } from '../src/lib/gen/types';

/** The world made once per run: its data dir, the time its clock ended at, a scratch root. */
export type World = { dir: string; now: string; root: string };

export type BackendOptions = {
  /** Who works (a demo user: the user names are the role names). Default: istruttore; null: nobody (before a login). */
  username?: string | null;
  /** Start from a new demo Comune with no acts instead of the tests' world. */
  empty?: boolean;
  /**
   * Start from a new Comune that is not the demo one (docs/comune.example.json: no seal key, no
   * demo identities); its users are named as in that file («g.bianchi», «m.rossi», ...).
   */
  notDemo?: boolean;
  /** Days gone by since the world was made (its acts were adopted on 26 November 2026). */
  days?: number;
  /** Names of the files the «Apri» dialog returns (made in the test's own folder). */
  pickedFiles?: string[];
  /** The «Salva» dialog answers with this folder plus the proposed name; null: cancelled. */
  saveFolder?: string | null;
};

export class Backend {
  /** Every command the UI sent, in order, with its arguments. */
  readonly calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  /** This test's own folder: picked files, saved documents. */
  readonly folder: string;
  pickedFiles: string[];
  saveFolder: string | null;
  /** The name the clerk types in the «Salva» dialog over the proposed one (null: keeps it). */
  saveAs: string | null = null;
  /** The data dir open, ready for commands. */
  readonly ready: Promise<unknown>;
  readonly #bridge: Bridge;
  /** Commands of the window still waiting for their answer. */
  #inflight = 0;
  #idle: (() => void)[] = [];
  #events = 0;
  #hold: { after: number; until: Promise<void> } | null = null;
  #release: (() => void) | null = null;

  /**
   * A copy of `world` opened on `bridge`; the events the backend emits go to `deliver` (the
   * window's event system).
   */
  constructor(bridge: Bridge, world: World, options: BackendOptions, deliver: (name: string, payload: unknown) => Promise<void>) {
    this.#bridge = bridge;
    this.folder = mkdtempSync(join(world.root, 'test-'));
    const dir = join(this.folder, 'dati');
    const fresh = options.empty || options.notDemo;
    if (!fresh) cpSync(world.dir, dir, { recursive: true });
    const now = new Date(Date.parse(fresh ? WORLD_START : world.now) + (options.days ?? 0) * 86_400_000);
    const comune = options.notDemo ? join(process.cwd(), '..', 'docs', 'comune.example.json') : undefined;
    const username = options.username === undefined ? (options.notDemo ? 'g.bianchi' : 'istruttore') : options.username;
    this.ready = this.#bridge.open(dir, username, now.toISOString().replace(/\.\d{3}Z$/, 'Z'), comune);
    // The events the backend emits reach the window, unless a test holds them back.
    this.#bridge.onEvent = async (name, payload) => {
      this.#events += 1;
      if (this.#hold && this.#events > this.#hold.after) await this.#hold.until;
      await deliver(name, payload);
    };
    this.pickedFiles = (options.pickedFiles ?? ['Relazione tecnica.pdf']).map((name) => this.file(name));
    this.saveFolder = options.saveFolder === undefined ? join(this.folder, 'Documenti') : options.saveFolder;
    if (this.saveFolder) mkdirSync(this.saveFolder, { recursive: true });
  }

  /** Makes a file named `name` in this test's folder (a few bytes, or `content`); its path. */
  file(name: string, content: string | Uint8Array = `Contenuto di prova di «${name}».\n`): string {
    const path = join(this.folder, 'file', name);
    mkdirSync(join(this.folder, 'file'), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  /**
   * Sends a command as the window would, but unrecorded: a test's own set-up and checks. A
   * set-up stands for a clerk who picked its files in the dialog: the files it names (`path`,
   * `caPath`, an identity's `input.path`) are picked first.
   */
  async call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    await this.ready;
    const named = [args?.path, args?.caPath, (args?.input as { path?: unknown } | undefined)?.path];
    const paths = named.filter((p): p is string => typeof p === 'string' && p !== '');
    if (!cmd.startsWith('@') && paths.length > 0) await this.pick(paths);
    return this.#bridge.request<T>(cmd, args);
  }

  /** The files a clerk picked in a dialog: the backend accepts them from now on. */
  async pick(paths: string[]): Promise<void> {
    await this.#bridge.request('@picked', { paths });
  }

  /** The command as the window sends it: the answer, or the error the window gets. */
  async invoke(cmd: string, args?: Record<string, unknown>): Promise<unknown> {
    await this.ready;
    const answer = await this.#bridge.send(cmd, args);
    if ('err' in answer) throw answer.err;
    return answer.ok;
  }

  /** Counts a command of the window while it waits for its answer. */
  async track<T>(answer: () => Promise<T>): Promise<T> {
    this.#inflight += 1;
    try {
      return await answer();
    } finally {
      this.#inflight -= 1;
      if (this.#inflight === 0) for (const wake of this.#idle.splice(0)) wake();
    }
  }

  /**
   * Waits until the window has its answers and has done with them (it may send more commands
   * on an answer: those are waited for too). Works under fake timers: the backend answers
   * through the process's pipes, not through timers.
   */
  async settled(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      if (this.#inflight > 0) await new Promise<void>((wake) => this.#idle.push(wake));
      for (let i = 0; i < 10; i++) await new Promise<void>((r) => queueMicrotask(r));
      if (this.#inflight === 0) return;
    }
  }

  /**
   * Holds back the backend's events after the first `after` (and the answers behind them) until
   * the returned function is called: what the window shows meanwhile can be looked at.
   */
  holdEvents(after: number): () => void {
    let release!: () => void;
    this.#hold = { after, until: new Promise<void>((r) => (release = r)) };
    this.#release = release;
    return release;
  }

  /** Lets go of the events held back, if any (the bridge answers the next requests). */
  releaseEvents(): void {
    this.#release?.();
  }

  /**
   * A document server of this test (Apache + mod_dav over TLS, its own CA), set as the Comune's
   * with `user` and `password` (kept in the keyring). Returns its archive's address.
   */
  async startServer(user = 'atti-protocollo', password = 'segreta-2026'): Promise<{ url: string; ca_path: string }> {
    const server = await this.call<{ url: string; ca_path: string }>('@server', { user, password });
    await this.setServer(server.url, password, server.ca_path, user);
    return server;
  }

  /** The Comune's amministratore sets the document server (`caPath` null keeps the CA). */
  setServer(url: string, password: string, caPath: string | null = null, user = 'atti-protocollo'): Promise<unknown> {
    return this.asAdmin(() => this.call('server_set', { url, user, caPath, password }));
  }

  /** Runs `step` as the Comune's amministratore, then goes back to the current user. */
  async asAdmin<T>(step: () => Promise<T>): Promise<T> {
    const { user, users } = await this.session();
    const admin = users.find((u) => u.role === 'amministratore');
    if (!admin) throw new Error('il Comune non ha un amministratore');
    return this.as(admin.username, user.username, step);
  }

  /** Works as `username` from now on, in any Comune (the bridge's own door: no password); the session as the backend says it. */
  switchUser(username: string): Promise<SessionInfo> {
    return this.call<SessionInfo>('@user', { username });
  }

  /** Runs `step` as `username`, then goes back to `back`. */
  async as<T>(username: string, back: string, step: () => Promise<T>): Promise<T> {
    await this.switchUser(username);
    try {
      return await step();
    } finally {
      await this.switchUser(back);
    }
  }

  /** The session of the current user, as the window gets it. */
  session(): Promise<SessionInfo> {
    return this.call<SessionInfo>('session_info');
  }

  /** Lets `days` days go by on the backend's clock. */
  async passDays(days: number): Promise<void> {
    const now = await this.call<string>('@now');
    const later = new Date(Date.parse(now) + days * 86_400_000);
    await this.call('@clock', { now: later.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  }

  /** What the window gets for `cmd`: the file dialogs answered by the test, the rest by the backend. */
  dispatch(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown> {
    return this.track(async () => (cmd.startsWith('plugin:dialog|') ? this.dialog(cmd, args) : this.invoke(cmd, args)));
  }

  /** The window's file dialogs, answered by the test; what is picked goes in the backend's scope, as the dialog plugin does. */
  async dialog(cmd: string, args: Record<string, unknown> | undefined): Promise<unknown> {
    if (cmd === 'plugin:dialog|open') {
      await this.pick(this.pickedFiles);
      return [...this.pickedFiles];
    }
    if (this.saveFolder === null) return null;
    const options = args?.options as { defaultPath?: string } | undefined;
    // The clerk picks their folder and keeps the proposed name, or types another.
    const path = join(this.saveFolder, this.saveAs ?? basename(options?.defaultPath ?? 'documento.pdf'));
    await this.pick([path]);
    return path;
  }
}

