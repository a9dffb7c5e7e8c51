/**
 * Bundled by run.mjs into a script that runs before the app in the browser (addInitScript):
 * Tauri's IPC goes to the real backend that run.mjs drives in Node (tests/real-backend.ts over
 * atti-ipc-bridge), through `window.__attiInvoke`, which Playwright exposes; the backend's events
 * come back through `window.__attiEmit`. Which user works, and from which data, run.mjs decides
 * per screen before the page loads.
 */
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';

type Answer = { ok?: unknown; err?: unknown };

declare global {
  interface Window {
    __attiInvoke: (cmd: string, args: Record<string, unknown>) => Promise<Answer>;
    __attiEmit?: (name: string, payload: unknown) => Promise<void>;
    __CSP_VIOLATIONS__?: string[];
  }
}

mockWindows('main');
mockIPC(
  async (cmd, args) => {
    const answer = await window.__attiInvoke(cmd, (args ?? {}) as Record<string, unknown>);
    if ('err' in answer) throw answer.err;
    return answer.ok;
  },
  { shouldMockEvents: true },
);
window.__attiEmit = (name, payload) => emit(name, payload);

window.__CSP_VIOLATIONS__ = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__CSP_VIOLATIONS__!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
