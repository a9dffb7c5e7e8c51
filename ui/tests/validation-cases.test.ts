/**
 * The in-memory backend validates acts as atti-core does: atti-app exports the core's errors
 * (a draft's formats, and completeness before the act moves on) for variants of a complete act
 * of each kind (tests/gen/validation-cases.json); the mock must give the same errors, field by
 * field, message by message.
 */
import { describe, expect, it } from 'vitest';
import type { Act, FieldError } from '../src/lib/gen/types';
import { validate, validateComplete } from './fixtures';
import cases from './gen/validation-cases.json';

type Case = { case: string; act: Act; draft: FieldError[]; complete: FieldError[] };

describe('il backend di prova valida gli atti come atti-core', () => {
  const all = cases as unknown as Case[];
  it('ha i casi esportati da Rust, con e senza errori', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((c) => c.complete.length === 0)).toBe(true);
    expect(all.some((c) => c.draft.length > 0)).toBe(true);
  });
  it('dà gli stessi errori per la bozza e per la completezza', () => {
    const wrong: string[] = [];
    for (const c of all) {
      const draft = validate(c.act);
      if (JSON.stringify(draft) !== JSON.stringify(c.draft)) {
        wrong.push(`${c.case} (bozza): Rust ${JSON.stringify(c.draft)}, mock ${JSON.stringify(draft)}`);
      }
      const complete = validateComplete(c.act);
      if (JSON.stringify(complete) !== JSON.stringify(c.complete)) {
        wrong.push(`${c.case} (completo): Rust ${JSON.stringify(c.complete)}, mock ${JSON.stringify(complete)}`);
      }
    }
    expect(wrong.slice(0, 8)).toEqual([]);
  });
});
