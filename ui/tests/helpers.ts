import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { fireEvent } from '@testing-library/svelte';
import { MockBackend, type MockBackendOptions } from './fixtures';

/** Installs the in-memory backend behind Tauri's IPC; `override` can answer some commands itself. */
export function installBackend(
  options: MockBackendOptions = {},
  override?: (cmd: string, args: Record<string, unknown> | undefined, backend: MockBackend) => unknown,
): MockBackend {
  const backend = new MockBackend(options);
  mockWindows('main');
  mockIPC(
    (cmd, args) => {
      const a = args as Record<string, unknown> | undefined;
      if (override) {
        const answer = override(cmd, a, backend);
        if (answer !== undefined) return answer;
      }
      return backend.handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return backend;
}

export function callsOf(backend: MockBackend, cmd: string) {
  return backend.calls.filter((c) => c.cmd === cmd);
}

/** Lets pending promises (IPC answers) settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => queueMicrotask(r));
}

/** Chooses an option of a <select> as a user would (selected option + change event). */
export async function selectOption(select: HTMLElement, value: string): Promise<void> {
  const el = select as HTMLSelectElement;
  for (const option of Array.from(el.options)) option.selected = option.value === value;
  await fireEvent.change(el);
}
