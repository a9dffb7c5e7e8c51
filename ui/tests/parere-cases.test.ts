/**
 * The in-memory backend decides who may give which parere, when and with what reasons as
 * atti-core's check_parere_allowed does (tests/gen/parere-cases.json, exported by atti-app): the
 * same refusals, with the same code and message, and the same permissions. The visto contabile is
 * given only with the signature (the mock takes that step through visto_sign).
 */
import { describe, expect, it } from 'vitest';
import type { Act, ActKind, ActState, Esito, ParereTipo, Role } from '../src/lib/gen/types';
import { Refusal, checkParereAllowed } from './mock-iter';
import cases from './gen/parere-cases.json';

type Case = {
  kind: ActKind;
  state: ActState;
  tipo: ParereTipo;
  role: Role;
  esito: Esito;
  motivazione: string;
  expect: { refusal: string; message: string } | null;
};

function mock(c: Case): Case['expect'] {
  try {
    checkParereAllowed({ kind: c.kind, state: c.state } as Act, c.tipo, c.esito, c.motivazione, c.role, c.role);
    return null;
  } catch (e) {
    if (e instanceof Refusal) return { refusal: e.code, message: e.message };
    throw e;
  }
}

describe('il backend di prova decide dei pareri come atti-core', () => {
  const all = cases as Case[];
  it('ha i casi esportati da Rust, permessi e rifiuti', () => {
    expect(all.some((c) => c.expect === null)).toBe(true);
    expect(all.some((c) => c.expect !== null)).toBe(true);
  });
  it('dà la stessa risposta in ogni caso', () => {
    const wrong = all
      .map((c) => ({ c, got: mock(c) }))
      .filter(({ c, got }) => JSON.stringify(got) !== JSON.stringify(c.expect && { refusal: c.expect.refusal, message: c.expect.message }))
      .map(({ c, got }) => `${c.kind} ${c.state} ${c.tipo} ${c.role} ${c.esito}: Rust ${JSON.stringify(c.expect)}, mock ${JSON.stringify(got)}`);
    expect(wrong.slice(0, 8)).toEqual([]);
  });
});
