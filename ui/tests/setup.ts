import { afterAll, afterEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';
import { closeBridge } from './backend';

afterEach(() => {
  // Unmount first: components stop listening to Tauri events while the mocks still exist.
  cleanup();
  clearMocks();
  window.location.hash = '';
});

// The test file's backend process ends with the file.
afterAll(closeBridge);
