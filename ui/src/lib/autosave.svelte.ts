/**
 * Autosave of the editor: a save runs `delayMs` after the last change, or at once on flush()
 * (window blur, leaving the editor, closing the window). Saves never overlap, and the other
 * operations that create a version (attachments) run through exclusive() so they never race a save.
 */
import { AppError } from './backend';

export type SaveStatus =
  | { kind: 'clean' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: AppError };

export const AUTOSAVE_DELAY_MS = 1000;

export class Autosave {
  /** What the status line shows. */
  status: SaveStatus = $state({ kind: 'clean' });

  readonly #save: () => Promise<string>;
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirty = false;
  #paused = false;
  #busy: Promise<unknown> | null = null;

  /** `save` saves the current content and resolves to the RFC 3339 time of the saved version. */
  constructor(save: () => Promise<string>, delayMs = AUTOSAVE_DELAY_MS) {
    this.#save = save;
    this.#delayMs = delayMs;
  }

  /** Whether there are changes not yet saved. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** Call after every change of the content. */
  changed(): void {
    this.#dirty = true;
    if (this.status.kind !== 'saving' && !(this.status.kind === 'error' && this.#paused)) {
      this.status = { kind: 'dirty' };
    }
    this.#schedule();
  }

  /** Saves now if there is anything to save; resolves true when nothing is left unsaved. */
  async flush(): Promise<boolean> {
    this.#clearTimer();
    while (this.#busy) await this.#busy.catch(() => {});
    if (!this.#dirty) return true;
    if (this.#paused) return false;
    this.#dirty = false;
    this.status = { kind: 'saving' };
    const attempt = this.#save();
    this.#busy = attempt;
    try {
      const at = await attempt;
      if (this.#dirty) {
        this.status = { kind: 'dirty' };
        this.#schedule();
      } else {
        this.status = { kind: 'saved', at };
      }
    } catch (raw) {
      this.#dirty = true;
      this.status = { kind: 'error', error: AppError.from(raw) };
    } finally {
      this.#busy = null;
    }
    return !this.#dirty;
  }

  /**
   * Runs an operation that makes a version by itself (e.g. adding an attachment) after pending
   * changes are saved, with no save running meanwhile.
   */
  async exclusive<T>(op: () => Promise<T>): Promise<T> {
    await this.flush();
    while (this.#busy) await this.#busy.catch(() => {});
    const running = op();
    this.#busy = running;
    try {
      return await running;
    } finally {
      this.#busy = null;
    }
  }

  /** Stops saving (e.g. after a conflict, until the clerk decides what to do). */
  pause(): void {
    this.#paused = true;
    this.#clearTimer();
  }

  resume(): void {
    this.#paused = false;
    if (this.#dirty) this.#schedule();
  }

  /** Forgets pending changes (the content was replaced with a saved version). */
  reset(status: SaveStatus = { kind: 'clean' }): void {
    this.#clearTimer();
    this.#dirty = false;
    this.#paused = false;
    this.status = status;
  }

  /** Records a version saved by another operation (attachments, restore). */
  markSaved(at: string): void {
    if (!this.#dirty) this.status = { kind: 'saved', at };
  }

  /** Stops the timer for good (the editor is closing); pending changes must be flushed before. */
  dispose(): void {
    this.#clearTimer();
  }

  #schedule(): void {
    this.#clearTimer();
    if (this.#paused) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
