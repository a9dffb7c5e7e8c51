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
 *
 * Over each drawing lies the page's text (pdf.js TextLayer): transparent spans at the places of
 * the words, which can be selected and copied and which screen readers read. Its CSS (the
 * `.textLayer` rules of pdfjs-dist/web/pdf_viewer.css) is in app.css; the layer covers its page
 * box, and `--total-scale-factor` (CSS pixels per PDF point) follows the width the page is shown
 * at, so the words stay on their drawing when the preview is resized.
 */
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let lib: Promise<PdfJs> | null = null;
/** Documents being closed: pdf.js refuses a new one while the shared worker port is tearing down one. */
let closing: Promise<unknown> = Promise.resolve();

function pdfjs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
    // Where there is no Worker (the unit tests, under jsdom) pdf.js runs its worker code on the
    // main thread (globalThis.pdfjsWorker).
    if (!m.GlobalWorkerOptions.workerPort && typeof Worker === 'function') {
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
  /**
   * Fills `container` (an element of class `textLayer` laid over the page's canvas) with the text
   * of page `n`, in the order of the content stream (the reading order of our tagged PDFs): the
   * artifacts of the PDF (running headers and footers) are hidden from screen readers, as PDF/UA
   * wants. Resolves to the number of characters of text read by screen readers (0: a page
   * without text, e.g. a scan).
   */
  renderText(n: number, container: HTMLElement): Promise<number>;
  close(): Promise<void>;
}

/** The width in PDF points of the page of each text layer, to scale it with its page. */
const pageWidths = new WeakMap<Element, number>();

/** Sets the CSS pixels per PDF point of a text layer `width` CSS pixels wide. */
function fitText(layer: HTMLElement, width: number) {
  const points = pageWidths.get(layer);
  if (points && width > 0) layer.style.setProperty('--total-scale-factor', String(width / points));
}

/** Follows the size of the text layers (they are as wide as their canvas, which CSS sizes). */
const resizes =
  typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
        for (const e of entries) fitText(e.target as HTMLElement, e.contentRect.width);
      })
    : null;

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
  const layers = new Set<HTMLElement>();
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
    async renderText(n, container) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      resizes?.unobserve(container);
      container.replaceChildren();
      const layer = new m.TextLayer({ textContentSource: page.streamTextContent({ includeMarkedContent: true }), container, viewport });
      // The layer fills its page box (CSS); pdf.js's own size (a calc() with round()) is left out.
      // (So a page with a /Rotate would get its words misplaced: typst writes none.)
      container.style.removeProperty('width');
      container.style.removeProperty('height');
      pageWidths.set(container, viewport.width);
      fitText(container, container.clientWidth);
      layers.add(container);
      resizes?.observe(container);
      try {
        await layer.render();
      } finally {
        page.cleanup();
      }
      for (const el of container.querySelectorAll<HTMLElement>('.markedContent')) {
        // The ids of marked content ("p98R_mc0") would repeat when the same act is shown twice.
        el.removeAttribute('id');
        // pdf.js hides artifacts through ARIA reflection (el.ariaHidden), which not every DOM has.
        const hidden: unknown = el.ariaHidden;
        if (hidden === true || hidden === 'true') el.setAttribute('aria-hidden', 'true');
      }
      let chars = 0;
      for (const span of layer.textDivs) {
        if (!span.closest('[aria-hidden="true"]')) chars += span.textContent?.trim().length ?? 0;
      }
      return chars;
    },
    close() {
      for (const el of layers) resizes?.unobserve(el);
      layers.clear();
      m.TextLayer.cleanup();
      const done = task.destroy();
      closing = Promise.all([closing, done]).catch(() => undefined);
      return done;
    },
  };
}
