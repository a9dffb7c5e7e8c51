/**
 * Bundled by run.mjs into a script that runs before the app in the browser (addInitScript):
 * it replaces Tauri's IPC with the in-memory backend of tests/fixtures.ts.
 * `?utente=agente` in the page URL starts the session as another demo user; `?sigillo=nessuno`
 * starts a Comune without a seal key.
 */
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { MockBackend } from '../fixtures';

declare global {
  interface Window {
    __ATTI_MOCK__?: MockBackend;
    __CSP_VIOLATIONS__?: string[];
  }
}

const params = new URLSearchParams(window.location.search);
const username = params.get('utente') ?? 'istruttore';
const backend = new MockBackend({ username, sealKeys: params.get('sigillo') === 'nessuno' ? [] : undefined });
window.__ATTI_MOCK__ = backend;
mockWindows('main');
mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown> | undefined), { shouldMockEvents: true });

window.__CSP_VIOLATIONS__ = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__CSP_VIOLATIONS__!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
