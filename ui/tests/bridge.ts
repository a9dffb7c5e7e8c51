/**
 * The real backend of the UI tests: atti-ipc-bridge (src-tauri/src/bin/ipc_bridge.rs), the app's
 * own invoke handler on Tauri's mock runtime over a real data dir, in a private D-Bus session
 * with an unlocked keyring (as the app has on a clerk's PC). Each request is one JSON line, each
 * answer one line, in order.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** Where cargo put the bridge (make check builds it before the UI tests). */
export function bridgePath(): string {
  const fromEnv = process.env.ATTI_IPC_BRIDGE;
  if (fromEnv) return fromEnv;
  const repo = resolve(process.cwd(), '..'); // vitest runs in ui/
  const target = resolve(repo, process.env.CARGO_TARGET_DIR ?? 'target');
  return join(target, 'debug', 'atti-ipc-bridge');
}

/** The SoftHSM2 module (Debian's softhsm2 package): the smart card of the tests. */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** A command's answer: its value, or its error (the AppErrorDto the window would get). */
type Answer = { ok?: unknown; err?: unknown };

export class BridgeError extends Error {
  constructor(
    readonly cmd: string,
    readonly error: unknown,
  ) {
    super(`${cmd}: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
  }
}

export class Bridge {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: { cmd: string; resolve: (a: Answer) => void }[] = [];
  #stderr = '';
  /** The lines are handled one after the other: an event may hold back what follows it. */
  #lines: Promise<void> = Promise.resolve();
  /** Where the window's events go (they come before the answer of their command). */
  onEvent: (name: string, payload: unknown) => Promise<void> | void = () => {};

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.#lines = this.#lines.then(async () => {
        const message = JSON.parse(line) as Answer & { event?: string; payload?: unknown };
        if (message.event !== undefined) await this.onEvent(message.event, message.payload);
        else this.#waiting.shift()?.resolve(message);
      });
    });
    child.stderr.on('data', (d: Buffer) => (this.#stderr += d.toString()));
    child.on('exit', () => {
      for (const w of this.#waiting.splice(0)) w.resolve({ err: `atti-ipc-bridge si è chiuso: ${this.#stderr}` });
    });
  }

  /** Starts a bridge whose HOME (and keyring) is `home`. */
  static start(home: string): Bridge {
    const bin = bridgePath();
    if (!existsSync(bin)) {
      throw new Error(`${bin} non esiste: costruirlo con «cargo build --workspace $features --bin atti-ipc-bridge» (scripts/features.sh)`);
    }
    mkdirSync(join(home, 'data'), { recursive: true });
    // Its own SoftHSM2 tokens (the smart cards of the tests: @identity).
    const tokens = join(home, 'softhsm', 'tokens');
    mkdirSync(tokens, { recursive: true });
    const softhsm = join(home, 'softhsm', 'softhsm2.conf');
    writeFileSync(softhsm, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    const env = {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      SOFTHSM2_CONF: softhsm,
    };
    const keyring = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;
    const child = keyring
      ? spawn(
          'dbus-run-session',
          ['--', 'sh', '-c', 'printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0"', bin],
          { env },
        )
      : spawn(bin, [], { env });
    return new Bridge(child);
  }

  /** Sends one request; the answer as the bridge wrote it. */
  send(cmd: string, args?: Record<string, unknown>): Promise<Answer> {
    return new Promise((resolve) => {
      this.#waiting.push({ cmd, resolve });
      this.#child.stdin.write(JSON.stringify({ cmd, args: args ?? null }) + '\n');
    });
  }

  /** Sends one request; its value, or a {@link BridgeError}. */
  async request<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    const answer = await this.send(cmd, args);
    if ('err' in answer) throw new BridgeError(cmd, answer.err);
    return answer.ok as T;
  }

  /** Opens `dir` (if empty: a new demo Comune, or the Comune of the setup file `comune`) as `user`, the clock at `now`. */
  open(dir: string, user: string | null, now: string, comune?: string): Promise<unknown> {
    return this.request('@open', { dir, user, now, comune: comune ?? null });
  }

  /** Ends the bridge (its data dir closed) and waits for it. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null) return resolve();
      this.#child.on('exit', () => resolve());
      this.#child.stdin.end();
    });
  }
}
