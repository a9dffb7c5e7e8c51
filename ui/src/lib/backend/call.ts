/** The one `invoke()` of the UI: every command of the generated contract goes through here. */
import { invoke } from '@tauri-apps/api/core';
import { AppError } from './error';

/** Calls a command; every rejection becomes an {@link AppError} (callers branch on its code). */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw AppError.from(raw);
  }
}
