/**
 * The one door to the Rust side. The commands of atti-app's IPC contract are generated from the
 * Tauri commands themselves (../gen/commands.ts, one typed function per command, named as the
 * atti-app method it calls); this module re-exports them, and adds what needs the window: the
 * sync's progress events, the file pickers, file drops and the close request.
 *
 * Every rejection is turned into an {@link AppError}; callers branch on `error.code`.
 */
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { listen } from '@tauri-apps/api/event';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { ControlloDto, SyncProgressDto, SyncSummaryDto } from '../gen/types';
import { call } from './call';
import { AppError } from './error';

export { AppError } from './error';
export * from '../gen/commands';

/** A draw of the later control of regularity (TUEL art. 147-bis). */
export type Controllo = ControlloDto;

// --- sync --------------------------------------------------------------------------------------

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
 * The folder a «Salva» dialog opens in: the one of the last save, as every desktop program does;
 * at first the user's Documents folder (the session says which), never the program's folder.
 */
let saveFolder: string | null = null;

/** The folder to start from, until the clerk saves somewhere (the session's `save_dir`). */
export function startSavesIn(folder: string | null): void {
  saveFolder ??= folder;
}

/** `folder` joined with `name`, with the folder's own separator (Windows or not). */
export function inFolder(folder: string | null, name: string): string {
  if (!folder) return name;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/**
 * Opens the system «Salva» dialog proposing `fileName` (a PDF unless told otherwise) in the
 * folder of the last save; returns the chosen path, or null when cancelled.
 */
export async function pickSavePath(
  fileName: string,
  title = 'Salva il PDF',
  filters: { name: string; extensions: string[] }[] = [{ name: 'Documento PDF', extensions: ['pdf'] }],
): Promise<string | null> {
  try {
    const path = await save({ title, defaultPath: inFolder(saveFolder, fileName), filters });
    const cut = path ? Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) : -1;
    if (path && cut > 0) saveFolder = path.slice(0, cut);
    return path;
  } catch (raw) {
    throw AppError.from(raw);
  }
}

/**
 * The save dialog's choices for a table going out: an OpenDocument spreadsheet first (the open
 * format a PA publishes in), CSV second; the backend writes what the file's name says.
 */
export const SPREADSHEET_FILTERS = [
  { name: 'Foglio di calcolo OpenDocument (ODS)', extensions: ['ods'] },
  { name: 'Valori separati da punto e virgola (CSV)', extensions: ['csv'] },
];

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
