import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component CSS goes to the CSS bundle, never into <style> tags at run time:
    // the CSP (style-src 'self') forbids injected styles.
    css: 'external',
  },
};
