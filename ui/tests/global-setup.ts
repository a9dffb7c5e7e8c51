/**
 * Once per run of the UI tests: the world (tests/world.ts) is built by the real backend in a
 * folder of its own; each test opens a copy of it (tests/helpers.ts installBackend).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { Bridge } from './bridge';
import { buildWorld } from './world';
import type { World } from './real-backend';

declare module 'vitest' {
  export interface ProvidedContext {
    world: World;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'atti-ui-'));
  const dir = join(root, 'world');
  const bridge = Bridge.start(join(root, 'home'));
  try {
    await buildWorld(bridge, dir, join(root, 'files'));
    const now = await bridge.request<string>('@now');
    project.provide('world', { dir, now, root });
  } finally {
    await bridge.close();
  }
  return () => rmSync(root, { recursive: true, force: true });
}
