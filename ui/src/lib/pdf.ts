/**
 * PDF preview inside the app with pdf.js (pdfjs-dist, bundled by Vite: nothing comes from the
 * network). WebKitGTK has no PDF viewer of its own, so every page is drawn on a canvas.
 *
 * CSP: the worker is a file of dist/ started with `new Worker(url, {type: 'module'})`, allowed by
 * `script-src 'self'` (worker-src falls back to it); we hand pdf.js the worker ourselves, so it
 * never wraps it into a blob: URL (it would under the tauri:// origin, which URL calls "null").
 * WebAssembly decoders (which would need 'wasm-unsafe-eval') are off: pdf.js uses its JS ones.
 *
 * The legacy build carries the polyfills the webviews need (the modern one uses very recent
 * built-ins, e.g. Map.prototype.getOrInsertComputed). pdf.js is loaded on first use, in its own
 * chunk, so the rest of the app does not wait for it.
 */
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let lib: Promise<PdfJs> | null = null;
/** Documents being closed: pdf.js refuses a new one while the shared worker port is tearing down one. */
let closing: Promise<unknown> = Promise.resolve();

function pdfjs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
    if (!m.GlobalWorkerOptions.workerPort) {
      m.GlobalWorkerOptions.workerPort = new Worker(workerUrl, { type: 'module', name: 'pdfjs' });
    }
    return m;
  });
  return lib;
}

/** The bytes of a base64 text (as atti-app sends PDFs). */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** An open PDF: how many pages, and a way to draw each one. */
export interface PdfHandle {
  readonly pages: number;
  /**
   * Draws page `n` (1-based) on `canvas` at `scale` CSS pixels per PDF point times the device
   * pixel ratio; the canvas gets the page's pixel size, CSS sizes it.
   */
  render(n: number, canvas: HTMLCanvasElement, scale?: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens a PDF given as base64. */
export async function openPdf(base64: string): Promise<PdfHandle> {
  const m = await pdfjs();
  await closing;
  const task = m.getDocument({
    data: fromBase64(base64),
    useWasm: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  return {
    pages: doc.numPages,
    async render(n, canvas, scale = 2) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
    },
    close() {
      const done = task.destroy();
      closing = Promise.all([closing, done]).catch(() => undefined);
      return done;
    },
  };
}
