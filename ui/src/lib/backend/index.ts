/**
 * The one door to the Rust side. Only this module calls `invoke()` (and the Tauri plugins that
 * call it for us): one typed function per command of atti-app's IPC contract, plus the few
 * window facilities the editor needs (file picker, file drop, close request).
 *
 * Every rejection is turned into an {@link AppError}; callers branch on `error.code`.
 */
import { invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { listen } from '@tauri-apps/api/event';
import { open, save } from '@tauri-apps/plugin-dialog';
import type {
  Act,
  Action,
  ActionRequest,
  ActDiff,
  ActFilter,
  ActId,
  ActKind,
  ActSummary,
  ActSyncState,
  ControlloDto,
  CopiaIssued,
  CopiaRow,
  Esito,
  EsitoControllo,
  IdentityDto,
  IdentityInput,
  InboxGroup,
  IterStatus,
  OutboxEntryDto,
  ParereTipo,
  PdfDocument,
  Proposal,
  QrVerification,
  RegistroRow,
  SavedVersion,
  SealInfo,
  ServerSettingsDto,
  ServerTestDto,
  SessionInfo,
  SignOutcome,
  SyncProgressDto,
  SyncSummaryDto,
  TimelineEntry,
  VerifyReportDto,
  VersionSummary,
} from '../gen/types';
import { AppError } from './error';

export { AppError } from './error';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw AppError.from(raw);
  }
}

// --- session ---------------------------------------------------------------------------------

/** Who is working, in which Comune, and the tables (kinds, states, offices) the UI shows. */
export function sessionInfo(): Promise<SessionInfo> {
  return call<SessionInfo>('session_info');
}

/** Switches the session to one of the demo users. */
export function sessionSwitchUser(username: string): Promise<SessionInfo> {
  return call<SessionInfo>('session_switch_user', { username });
}

// --- acts ------------------------------------------------------------------------------------

/** Acts matching a filter; `text` is a full-text search (snippets mark matches with « »). */
export function actList(filter: ActFilter): Promise<ActSummary[]> {
  return call<ActSummary[]>('act_list', { filter });
}

/** Creates a draft; `office` null means the office of the session user. */
export function actCreate(kind: ActKind, oggetto: string, office: string | null): Promise<Act> {
  return call<Act>('act_create', { kind, oggetto, office });
}

export function actGet(id: ActId): Promise<Act> {
  return call<Act>('act_get', { id });
}

/**
 * Saves the content as a new version. `act.version` must be the version the edit started from:
 * if someone saved in between, the backend refuses with code "conflict".
 */
export function actSave(act: Act): Promise<SavedVersion> {
  return call<SavedVersion>('act_save', { act });
}

/** Versions of an act, newest first. */
export function actVersions(id: ActId): Promise<VersionSummary[]> {
  return call<VersionSummary[]>('act_versions', { id });
}

/** The content of one saved version. */
export function actVersion(id: ActId, version: number): Promise<Act> {
  return call<Act>('act_version', { id, version });
}

/** What changed between two versions, part by part, word by word. */
export function actDiff(id: ActId, from: number, to: number): Promise<ActDiff> {
  return call<ActDiff>('act_diff', { id, from, to });
}

// --- iter ------------------------------------------------------------------------------------

/** Where the act is in its iter (state, number, dates, pareri, signatures) and what the user may do. */
export function iterStatus(id: ActId): Promise<IterStatus> {
  return call<IterStatus>('iter_status', { id });
}

/**
 * Takes an action of the iter as the current user. Refusals: "not-allowed" (a rule of the iter,
 * named in the message), "forbidden" (the role), "invalid-input" (missing reason or session data).
 */
export function iterTake(id: ActId, action: Action, request: ActionRequest): Promise<IterStatus> {
  return call<IterStatus>('iter_take', { id, action, request });
}

/**
 * Gives a parere on the current version of the act. Not the visto contabile: the core refuses it
 * here ("not-allowed"), it is affixed by signing ({@link vistoSign}).
 */
export function parereGive(id: ActId, tipo: ParereTipo, esito: Esito, motivazione: string): Promise<IterStatus> {
  return call<IterStatus>('parere_give', { id, tipo, esito, motivazione });
}

/** Every step of the act (creation, saves, actions, pareri, numbers, signatures), oldest first. */
export function actHistory(id: ActId): Promise<TimelineEntry[]> {
  return call<TimelineEntry[]>('act_history', { id });
}

/** The register of final numbers of a kind; `year` null means the current year. */
export function registro(kind: ActKind, year: number | null): Promise<RegistroRow[]> {
  return call<RegistroRow[]>('registro', { kind, year });
}

/**
 * The current user's work: "Da istruire", "Da esprimere parere", "Da firmare", "In pubblicazione",
 * and for the segretario "Da controllare (art. 147-bis)".
 */
export function inbox(): Promise<InboxGroup[]> {
  return call<InboxGroup[]>('inbox');
}

/** Starts a correction of an adopted act: a new draft linked to it. */
export function actCorrect(id: ActId, tipo: 'rettifica' | 'annullamento'): Promise<Act> {
  return call<Act>('act_correct', { id, tipo });
}

// --- later control of regularity (TUEL art. 147-bis) -------------------------------------------

/** A draw of the later control of regularity. */
export type Controllo = ControlloDto;

/** Every draw of the later control of regularity, newest first, with the acts drawn. */
export function controlli(): Promise<Controllo[]> {
  return call<ControlloDto[]>('controlli');
}

/**
 * Draws `percent` % (rounded up) of the acts of `kind` adopted from `periodFrom` to `periodTo`
 * (YYYY-MM-DD): the acts whose SHA-256 of «seed|numero» is lowest. Only the segretario
 * ("forbidden"); the terms are checked ("invalid-input" with fields "from", "to", "percent",
 * "seed"); a period overlapping an earlier draw of the kind is refused ("not-allowed").
 */
export function controlloDraw(
  kind: ActKind,
  periodFrom: string,
  periodTo: string,
  percent: number,
  seed: string,
): Promise<Controllo> {
  return call<ControlloDto>('controllo_draw', { kind, periodFrom, periodTo, percent, seed });
}

/**
 * Records the outcome of the check of act `id` drawn in draw `controllo`, once ("not-allowed"
 * afterwards). A note is required unless the act is regular ("invalid-input", field "note").
 */
export function controlloEsito(controlloId: number, id: ActId, esito: EsitoControllo, note: string): Promise<Controllo> {
  return call<ControlloDto>('controllo_esito', { controllo: controlloId, id, esito, note });
}

// --- attachments -----------------------------------------------------------------------------

/** Adds a file (by path) as an attachment; returns the act at its new version. */
export function attachmentAdd(actId: ActId, path: string): Promise<Act> {
  return call<Act>('attachment_add', { actId, path });
}

/** Removes an attachment; returns the act at its new version. */
export function attachmentRemove(actId: ActId, sha256: string): Promise<Act> {
  return call<Act>('attachment_remove', { actId, sha256 });
}

// --- documents ---------------------------------------------------------------------------------

/**
 * The PDF/A of an act: a fresh rendering of a draft, the kept original once adopted; with
 * `pubblicazione`, the version for the albo with «omissis» where the text is marked riservato.
 */
export function documentPdf(id: ActId, pubblicazione: boolean): Promise<PdfDocument> {
  return call<PdfDocument>('document_pdf', { id, pubblicazione });
}

/** Saves the same PDF as documentPdf to a path (chosen with {@link pickSavePath}). */
export function documentSave(id: ActId, pubblicazione: boolean, path: string): Promise<void> {
  return call<void>('document_save', { id, pubblicazione, path });
}

/**
 * Issues a certified paper copy (CAD art. 23) of an adopted act, recorded in the register of
 * copies; with `path` it is also saved there. Refused with "not-allowed" before adoption.
 * Every call issues (and records) a new copy.
 */
export function copiaIssue(id: ActId, per: string | null, path: string | null): Promise<CopiaIssued> {
  return call<CopiaIssued>('copia_issue', { id, per, path });
}

/** The register of the certified copies issued of an act. */
export function copie(id: ActId): Promise<CopiaRow[]> {
  return call<CopiaRow[]>('copie', { id });
}

/**
 * Checks the contrassegno read from the QR of a paper copy. A forged or malformed text is
 * refused with "invalid-input" (the message says why).
 */
export function verifyQr(token: string): Promise<QrVerification> {
  return call<QrVerification>('verify_qr', { token });
}

/** Personal data found in the saved text of the act and not yet marked riservato. */
export function omissisProposals(id: ActId): Promise<Proposal[]> {
  return call<Proposal[]>('omissis_proposals', { id });
}

// --- signatures ------------------------------------------------------------------------------

/**
 * Signs the act as the current user: the step of its iter that needs this user's signature
 * («adotta» or «firma»; iter_take refuses them). The PIN goes straight to the signing device: it
 * is never stored nor logged. Refusals with code "signature": wrong PIN, no device, expired
 * certificate... (the message says which and what to do).
 */
export function actSign(id: ActId, pin: string): Promise<SignOutcome> {
  return call<SignOutcome>('act_sign', { id, pin });
}

/**
 * The visto di regolarità contabile (art. 183 c.7 TUEL), given by the current user and affixed to
 * the adopted act with their digital signature, recorded with the visto. Same rules as a parere
 * (a non favorevole one needs a motivazione: "invalid-input"; the role: "forbidden"; the state:
 * "not-allowed"), then the PIN as {@link actSign}: refusals of the device with code "signature".
 */
export function vistoSign(id: ActId, esito: Esito, motivazione: string, pin: string): Promise<SignOutcome> {
  return call<SignOutcome>('visto_sign', { id, esito, motivazione, pin });
}

/** The current user's signing device and certificate, or null when none is configured. */
export function identityMine(): Promise<IdentityDto | null> {
  return call<IdentityDto | null>('identity_mine');
}

/**
 * Sets (or replaces) the current user's signing device: a smart card or token (PKCS#11 module,
 * token label, key id in hex) or a PKCS#12 file, whose password `pin` is needed to read the
 * certificate (null for a token: its certificate is read without PIN). The password is never
 * stored. The backend checks that the certificate is the user's (codice fiscale), valid and
 * with nonRepudiation; refusals: "signature" (wrong password, token not found, someone else's or
 * expired certificate...) or "invalid-input", the message says which.
 */
export function identityAdd(input: IdentityInput, pin: string | null): Promise<IdentityDto> {
  return call<IdentityDto>('identity_add', { input, pin });
}

/** Verifies the signatures of a signed file (PDF with PAdES signatures, or a CAdES .p7m). */
export function signatureVerify(path: string): Promise<VerifyReportDto> {
  return call<VerifyReportDto>('signature_verify', { path });
}

// --- the Comune's seal (contrassegni) -----------------------------------------------------------

/**
 * The seal that signs the contrassegno of certified copies: the current key's fingerprint and
 * public key (PEM, for the Comune's verification page), whether it is the demo key, how many
 * earlier keys still verify the copies they sealed. No key yet: fingerprint and PEM null.
 */
export function sealInfo(): Promise<SealInfo> {
  return call<SealInfo>('seal_info');
}

/**
 * Makes a new random seal key the Comune's: its private half goes to the system keyring of this
 * computer, the earlier keys keep verifying the copies already issued. Keyring refusals: "signature".
 */
export function sealGenerate(): Promise<SealInfo> {
  return call<SealInfo>('seal_generate');
}

/**
 * Makes the P-256 private key of a PEM file (PKCS#8 or SEC1, unencrypted) the Comune's seal, as
 * {@link sealGenerate}; to use one key on every PC, import the same file on each. An unreadable
 * file or another kind of key: "invalid-input" (the message says which).
 */
export function sealImport(path: string): Promise<SealInfo> {
  return call<SealInfo>('seal_import', { path });
}

/**
 * Sets the address printed on new copies (their QR is a link to it), where the Comune publishes
 * its verification page; returns the seal with it. Not https://, with spaces, «|» or «#», or
 * longer than 200 characters: "invalid-input".
 */
export function verificationUrlSet(url: string): Promise<SealInfo> {
  return call<SealInfo>('verification_url_set', { url });
}

/**
 * Writes the Comune's verification page to `path`: one self-contained HTML file with every public
 * key of the seal, which checks a contrassegno in the browser and sends nothing. Without a seal
 * key: "not-allowed".
 */
export function verificationPageSave(path: string): Promise<void> {
  return call<void>('verification_page_save', { path });
}

// --- document server and sync ----------------------------------------------------------------

/** The document server settings (never the password), or null when none is configured. */
export function serverSettings(): Promise<ServerSettingsDto | null> {
  return call<ServerSettingsDto | null>('server_settings');
}

/**
 * Sets the document server (https only); the password goes to the system keyring and is never
 * given back. An empty `password` keeps the one already in the keyring for this user and address
 * (refused with "invalid-input" when there is none). `caPath`: the PEM file of the Comune's CA
 * certificate to use; null keeps the one already configured (if any); "" removes it (the
 * system's authorities only).
 */
export function serverSet(url: string, user: string, caPath: string | null, password: string): Promise<ServerSettingsDto> {
  return call<ServerSettingsDto>('server_set', { url, user, caPath, password });
}

/** Tests the server: reachability, TLS, credentials, write permission, each with its outcome. */
export function serverTest(): Promise<ServerTestDto> {
  return call<ServerTestDto>('server_test');
}

/**
 * Sends the outbox to the document server; while it runs, `onProgress` gets the "sync-progress"
 * events of the window. Errors: "server" (refused, wrong settings), "offline" (not reachable:
 * the files stay queued).
 */
export async function syncRun(onProgress?: (progress: SyncProgressDto) => void): Promise<SyncSummaryDto> {
  let unlisten: (() => void) | null = null;
  if (onProgress) {
    try {
      unlisten = await listen<SyncProgressDto>('sync-progress', (event) => onProgress(event.payload));
    } catch {
      unlisten = null; // no progress outside Tauri: the summary still comes
    }
  }
  try {
    return await call<SyncSummaryDto>('sync_run');
  } finally {
    unlisten?.();
  }
}

/** Every file of the outbox with its state. */
export function outbox(): Promise<OutboxEntryDto[]> {
  return call<OutboxEntryDto[]>('outbox');
}

/** The sync state of each act with a package (the worst of its files). */
export function syncStates(): Promise<ActSyncState[]> {
  return call<ActSyncState[]>('sync_states');
}

// --- window facilities -----------------------------------------------------------------------

/** Opens the system file picker; returns the chosen paths (empty when cancelled). */
export async function pickAttachmentFiles(): Promise<string[]> {
  try {
    const picked = await open({ multiple: true, directory: false, title: 'Scegli i file da allegare' });
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  } catch (raw) {
    throw AppError.from(raw);
  }
}

/**
 * Opens the system file picker for one file of the given kinds; returns its path, or null when
 * cancelled.
 */
export async function pickFile(title: string, filters: { name: string; extensions: string[] }[]): Promise<string | null> {
  try {
    const picked = await open({ multiple: false, directory: false, title, filters });
    if (picked === null) return null;
    const path = Array.isArray(picked) ? picked[0] : picked;
    return typeof path === 'string' && path !== '' ? path : null;
  } catch (raw) {
    throw AppError.from(raw);
  }
}

/**
 * Opens the system «Salva» dialog proposing `fileName` (a PDF unless told otherwise); returns the
 * chosen path, or null when cancelled.
 */
export async function pickSavePath(
  fileName: string,
  title = 'Salva il PDF',
  filters: { name: string; extensions: string[] }[] = [{ name: 'Documento PDF', extensions: ['pdf'] }],
): Promise<string | null> {
  try {
    return await save({ title, defaultPath: fileName, filters });
  } catch (raw) {
    throw AppError.from(raw);
  }
}

/** What a file drag over the window is doing. */
export type FileDrop =
  | { type: 'enter'; paths: string[] }
  | { type: 'over' }
  | { type: 'drop'; paths: string[] }
  | { type: 'leave' };

/**
 * Listens to files dragged onto the window (Tauri gives their paths, which a browser would not).
 * Returns the function that stops listening; a no-op outside a Tauri webview.
 */
export async function onFileDrop(handler: (event: FileDrop) => void): Promise<() => void> {
  try {
    const unlisten = await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      switch (p.type) {
        case 'enter':
          handler({ type: 'enter', paths: p.paths });
          break;
        case 'drop':
          handler({ type: 'drop', paths: p.paths });
          break;
        case 'over':
          handler({ type: 'over' });
          break;
        default:
          handler({ type: 'leave' });
      }
    });
    return () => void Promise.resolve().then(unlisten).catch(() => {});
  } catch {
    return () => {};
  }
}

/**
 * Runs `beforeClose` (e.g. the last autosave) when the user closes the window; the window closes
 * once it has finished. Returns the function that stops listening; a no-op outside Tauri.
 *
 * With a JS close listener Tauri leaves the closing to JS (`destroy()`): this needs the permission
 * core:window:allow-destroy, granted in src-tauri/capabilities.
 */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<() => void> {
  try {
    const unlisten = await getCurrentWindow().onCloseRequested(async () => {
      await beforeClose().catch(() => {});
    });
    return () => void Promise.resolve().then(unlisten).catch(() => {});
  } catch {
    return () => {};
  }
}
