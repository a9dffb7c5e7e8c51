/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import type { Plugin } from 'vite';

/**
 * bootstrap-italia's CSS embeds the Video.js icon font as a data: URL, which font-src 'self'
 * blocks (a CSP error at every start). We use no video player: drop that @font-face.
 */
function dropVideoJsFont(): Plugin {
  return {
    name: 'atti:drop-videojs-font',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('bootstrap-italia') || !id.split('?')[0]!.endsWith('.css')) return null;
      const out = code.replace(/@font-face\s*\{\s*font-family:\s*VideoJS;[^}]*\}/g, '');
      return out === code ? null : { code: out, map: null };
    },
  };
}

// The app runs inside Tauri's webview under a strict CSP (default-src 'self'; font-src 'self';
// no inline scripts or styles): everything, fonts included, is bundled into dist/.
export default defineConfig({
  plugins: [dropVideoJsFont(), svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2022', 'chrome110', 'safari16'],
    // data: URLs for fonts would break font-src 'self': emit every asset as a file.
    assetsInlineLimit: 0,
    // No modulepreload polyfill: it is not needed by the webviews we target.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // pdf.js (src/lib/pdf.ts) is a chunk of its own, loaded when a document is first shown.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // pdf.js's worker is an asset (pdf.worker.min.mjs?url): give it a .js name, which every
        // webview's custom protocol serves as JavaScript (module workers need a JS MIME type).
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // The real backend builds the tests' world once (tests/world.ts); each test opens a copy.
    globalSetup: ['tests/global-setup.ts'],
    restoreMocks: true,
  },
});
