/**
 * The in-memory backend checks the terms of a draw and the outcome of a check of the later
 * control of regularity (TUEL art. 147-bis) as atti-core does: atti-app exports the core's
 * answers on a matrix of inputs (tests/gen/controllo-cases.json), and the mock must give the same
 * errors, field by field, message by message.
 */
import { describe, expect, it } from 'vitest';
import type { EsitoControllo, FieldError } from '../src/lib/gen/types';
import { validateDraw, validateEsito } from './mock-controlli';
import cases from './gen/controllo-cases.json';

type Draw = {
  from: string;
  to: string;
  today: string;
  percent: number;
  seed: string;
  previous_end: string | null;
  errors: FieldError[];
};
type Esito = { esito: EsitoControllo; note: string; errors: FieldError[] };

describe('il backend di prova controlla come atti-core', () => {
  it('i termini di un sorteggio', () => {
    const draws = cases.draws as Draw[];
    expect(draws.length).toBeGreaterThan(100);
    const wrong = draws
      .map((c) => ({ c, got: validateDraw(c.from, c.to, c.today, c.percent, c.seed, c.previous_end) }))
      .filter(({ c, got }) => JSON.stringify(got) !== JSON.stringify(c.errors))
      .map(({ c, got }) => `${JSON.stringify({ ...c, errors: undefined })}: Rust ${JSON.stringify(c.errors)}, mock ${JSON.stringify(got)}`);
    expect(wrong.slice(0, 5)).toEqual([]);
  });
  it('l’esito di un controllo', () => {
    const esiti = cases.esiti as Esito[];
    const wrong = esiti
      .map((c) => ({ c, got: validateEsito(c.esito, c.note) }))
      .filter(({ c, got }) => JSON.stringify(got) !== JSON.stringify(c.errors))
      .map(({ c, got }) => `${c.esito} «${c.note.slice(0, 20)}»: Rust ${JSON.stringify(c.errors)}, mock ${JSON.stringify(got)}`);
    expect(wrong).toEqual([]);
  });
});
