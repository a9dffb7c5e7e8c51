/**
 * What a UI test runs against: the real backend (tests/real-backend.ts) behind Tauri's IPC, on a
 * copy of the tests' world, one bridge process per test file.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { Bridge } from './bridge';
import { Backend, type BackendOptions } from './real-backend';

export { Backend, type BackendOptions } from './real-backend';

/** Answers a command instead of the backend (a failure of the window or of the network). */
export type Override = (cmd: string, args: Record<string, unknown> | undefined, backend: Backend) => unknown;

let bridge: Bridge | undefined;

/** The bridge of this test file (one process, a new data dir per test). */
function theBridge(root: string): Bridge {
  bridge ??= Bridge.start(mkdtempSync(join(root, 'home-')));
  return bridge;
}

/** Ends this test file's bridge (tests/setup.ts, after the file). */
export async function closeBridge(): Promise<void> {
  await bridge?.close();
  bridge = undefined;
}

/** Puts a fresh copy of the world behind Tauri's IPC; `override` may answer some commands itself. */
export function installBackend(options: BackendOptions = {}, override?: Override): Backend {
  const world = inject('world');
  const backend = new Backend(theBridge(world.root), world, options, (name, payload) => emit(name, payload));
  mockWindows('main');
  mockIPC(
    (cmd, args) => {
      const a = args as Record<string, unknown> | undefined;
      backend.calls.push({ cmd, args: a ? structuredClone(a) : undefined });
      if (!override) return backend.dispatch(cmd, a);
      return backend.track(async () => {
        const answer = await override(cmd, a, backend);
        return answer !== undefined ? answer : backend.dispatch(cmd, a);
      });
    },
    { shouldMockEvents: true },
  );
  return backend;
}

export function callsOf(backend: Backend, cmd: string) {
  return backend.calls.filter((c) => c.cmd === cmd);
}
