import { afterEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';

afterEach(() => {
  // Unmount first: components stop listening to Tauri events while the mocks still exist.
  cleanup();
  clearMocks();
  window.location.hash = '';
});
