/**
 * Bundled by run.mjs into a script that runs before the app in the browser (addInitScript):
 * it replaces Tauri's IPC with the in-memory backend of tests/fixtures.ts.
 * `?utente=agente` in the page URL starts the session as another demo user; `?sigillo=nessuno`
 * starts a Comune without a seal key; `?giorni=5` lets 5 days go by after the demo iter (its acts,
 * adopted on 26 November 2026, can then be drawn for the control of art. 147-bis); with
 * `&sorteggio=100` the segretario has already drawn 100% of the determinazioni of November.
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
const days = Number(params.get('giorni') ?? 0);
if (days > 0) backend.passDays(days);
const percent = Number(params.get('sorteggio') ?? 0);
if (percent > 0) {
  backend.username = 'segretario';
  backend.controlloDraw('determinazione', '2026-11-01', '2026-11-30', percent, 'Lotto 28/11/2026 ruota di Bari 12 45 67 3 89');
  backend.username = username;
}
window.__ATTI_MOCK__ = backend;
mockWindows('main');
mockIPC((cmd, args) => backend.handle(cmd, args as Record<string, unknown> | undefined), { shouldMockEvents: true });

window.__CSP_VIOLATIONS__ = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__CSP_VIOLATIONS__!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
