import type { AppErrorDto, ErrorCode, FieldError } from '../gen/types';
import { ERROR_CODES } from '../gen/domain';

const CODES = ERROR_CODES;

/**
 * An error from the backend: `{code, message, fields}` as atti-app sends it.
 * The UI branches on `code`, never on `message` (which is Italian text for the clerk).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  /** Wraps whatever invoke() rejected with: the DTO, a plain string (Tauri's own errors), or else. */
  static from(raw: unknown): AppError {
    if (raw instanceof AppError) return raw;
    if (isDto(raw)) {
      const fields = Array.isArray(raw.fields) ? raw.fields.filter(isFieldError) : [];
      return new AppError(raw.code, sentence(raw.message), fields);
    }
    if (typeof raw === 'string' && raw.trim() !== '') {
      return new AppError('internal', sentence(raw));
    }
    if (raw instanceof Error && raw.message) {
      return new AppError('internal', raw.message);
    }
    return new AppError('internal', 'Errore imprevisto: riprova; se persiste, avvisa l\u2019assistenza.');
  }

  toDto(): AppErrorDto {
    return { code: this.code, message: this.message, fields: this.fields };
  }
}

function isDto(raw: unknown): raw is AppErrorDto {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return (
    typeof r.code === 'string' &&
    (CODES as readonly string[]).includes(r.code) &&
    typeof r.message === 'string'
  );
}

function isFieldError(raw: unknown): raw is FieldError {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return typeof r.field === 'string' && typeof r.message === 'string';
}

/** Backend messages start in lower case (they also end up inside CLI sentences): capitalise. */
export function sentence(message: string): string {
  const m = message.trim();
  return m.charAt(0).toLocaleUpperCase('it-IT') + m.slice(1);
}
