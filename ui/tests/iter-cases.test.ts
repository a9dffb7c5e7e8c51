/**
 * The in-memory backend of the UI tests decides the iter as atti-core does: atti-app exports
 * `iter::decide`'s answer on a matrix of cases (every row of every kind's table, for every role,
 * on the facts that can change it: content, spending, pareri and their versions, signers, tipo of
 * ordinanza, publication, date of the violation, note and votes; tests/gen/iter-cases.json), and
 * the mock must give the same next state, number date, signature, or refusal with the same code
 * and message. A rule changed in Rust and not here fails this test.
 */
import { describe, expect, it } from 'vitest';
import type { Act, ActKind, ActState, Action, Esito, ParereTipo, Role, Seduta, TipoOrdinanza } from '../src/lib/gen/types';
import { Refusal, decide, noFacts } from './mock-iter';
import cases from './gen/iter-cases.json';

type Case = {
  kind: ActKind;
  state: ActState;
  version: number;
  spending: boolean;
  tipo_ordinanza: TipoOrdinanza | null;
  violation: string | null;
  incomplete: string | null;
  facts: {
    pareri: { tipo: ParereTipo; esito: Esito; version: number }[];
    signed_by: Role[];
    seduta: Seduta | null;
    adoption: string | null;
    publication_start: string | null;
  };
  today: string;
  action: Action;
  role: Role;
  input: { note: string | null; seduta: Seduta | null };
  expect: { to: ActState; number_on: string | null; signature: Role | null } | { refusal: string; message: string };
};

function actOf(c: Case): Act {
  return {
    kind: c.kind,
    state: c.state,
    version: c.version,
    tipo_ordinanza: c.tipo_ordinanza,
    impegni: c.spending ? [{ esercizio: 2027, capitolo: '1', importo_centesimi: 100, beneficiario: 'B', cig: null, cup: null }] : [],
    verbale: c.kind === 'verbale-pl' ? { data: c.violation } : null,
  } as unknown as Act;
}

function mockDecision(c: Case): Case['expect'] {
  const facts = {
    ...noFacts(),
    pareri: c.facts.pareri.map((p) => ({ ...p, motivazione: '', author: 'x', given_at: '' })),
    signed_by: c.facts.signed_by,
    seduta: c.facts.seduta,
    adoption: c.facts.adoption,
    publication_start: c.facts.publication_start,
  };
  try {
    const out = decide(actOf(c), facts, c.action, c.role, c.role, c.input, c.today, () => c.incomplete);
    const numberOn = out.assignsNumber ? (c.input.seduta?.data ?? c.today) : null;
    return { to: out.to, number_on: numberOn, signature: out.recordsSignature ? c.role : null };
  } catch (e) {
    if (e instanceof Refusal) return { refusal: e.code, message: e.message };
    throw e;
  }
}

/** JSON with the keys in order (serde_json sorts them; the mock builds its objects its own way). */
function stable(value: object): string {
  return JSON.stringify(value, Object.keys(value).sort());
}

describe('il backend di prova decide come atti-core', () => {
  const all = cases as Case[];
  it('ha i casi esportati da Rust', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((c) => 'refusal' in c.expect)).toBe(true);
    expect(all.some((c) => 'to' in c.expect && c.expect.number_on !== null)).toBe(true);
  });
  it('dà la stessa decisione su ogni caso', () => {
    const wrong = all
      .map((c) => ({ c, got: mockDecision(c) }))
      .filter(({ c, got }) => stable(got) !== stable(c.expect))
      .map(({ c, got }) => `${c.kind} ${c.state} ${c.action} ${c.role}: Rust ${JSON.stringify(c.expect)}, mock ${JSON.stringify(got)}`);
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
