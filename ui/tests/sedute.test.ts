import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../src/App.svelte';
import { installBackend } from './backend';
import { DEMO_PIN } from './world';
import type { IterStatus } from '../src/lib/gen/types';

/** The text of an element as read out: runs of white space as one space. */
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('sedute', () => {
  it('il segretario convoca la Giunta, iscrive la proposta, fa l’appello, registra il voto per nome e chiude; il verbale lo firma prima chi ha presieduto', async () => {
    const backend = installBackend({ username: 'segretario' });
    // The world's delibera (act 7) with its pareri given again: ready for the ordine del giorno.
    const parere = (tipo: string) => backend.call('parere_sign', { id: 7, tipo, esito: 'favorevole', motivazione: '', pin: DEMO_PIN });
    await backend.as('dirigente', 'segretario', () => parere('tecnico'));
    await backend.as('ragioniere', 'segretario', () => parere('contabile'));
    render(App);
    const nav = await screen.findByRole('navigation', { name: 'Principale' });
    await fireEvent.click(within(nav).getByRole('link', { name: 'Sedute' }));
    await screen.findByRole('heading', { level: 1, name: 'Sedute della Giunta e del Consiglio' });
    await screen.findByText('Nessuna seduta registrata.');

    // Convened without a place: the core says so, nothing is recorded.
    const convoca = screen.getByRole('form', { name: 'Convoca una seduta' });
    await fireEvent.click(within(convoca).getByRole('button', { name: 'Convoca la seduta' }));
    expect(text(await screen.findByRole('alert'))).toContain('Manca il luogo della seduta');
    await fireEvent.input(within(convoca).getByLabelText(/^Luogo/), { target: { value: 'Sala della Giunta' } });
    await fireEvent.click(within(convoca).getByRole('button', { name: 'Convoca la seduta' }));
    await screen.findByRole('heading', { level: 1, name: 'Seduta n. 1/2026 della Giunta comunale' });
    expect(window.location.hash).toBe('#/sedute/1');

    const iscrivi = await screen.findByRole('form', { name: 'Iscrivi una proposta' });
    await fireEvent.click(await within(iscrivi).findByRole('button', { name: 'Iscrivi all’ordine del giorno' }));
    await screen.findByText(/Punto 1 · Da trattare/);
    expect(text(screen.getByRole('region', { name: 'Ordine del giorno' }))).toMatch(/atto 7: Iscritta all.ordine del giorno/);

    // The roll call: everyone present by default; Francesca Gallo absent with justification.
    const appello = screen.getByRole('form', { name: 'Appello e apertura' });
    const gallo = within(appello).getByRole('group', { name: 'Francesca Gallo (Assessore)' });
    await fireEvent.click(within(gallo).getByRole('radio', { name: 'Assente giustificato' }));
    await fireEvent.click(within(appello).getByRole('button', { name: 'Apri la seduta' }));
    const voto = await screen.findByRole('form', { name: /^Punto 1:/ });
    // Only those present vote; Davide Conti against.
    expect(within(voto).queryByRole('group', { name: 'Francesca Gallo' })).toBeNull();
    const conti = within(voto).getByRole('group', { name: 'Davide Conti' });
    await fireEvent.click(within(conti).getByRole('radio', { name: 'Contrario' }));
    await fireEvent.click(within(voto).getByRole('button', { name: 'Registra il voto' }));
    await screen.findByText(/Punto 1 · Approvata/);
    const status = await backend.call<IterStatus>('iter_status', { id: 7 });
    expect(status.state).toBe('approvata');
    expect(status.seduta?.favorevoli).toBe(3);
    expect(status.seduta?.record?.contrari).toEqual(['Davide Conti']);
    expect(status.seduta?.record?.assenti).toEqual(['Francesca Gallo']);

    await fireEvent.click(screen.getByRole('button', { name: 'Chiudi la seduta' }));
    const verbale = await screen.findByRole('region', { name: 'Verbale della seduta' });
    await waitFor(() => expect(document.activeElement?.id).toBe('seduta-verbale'));
    // The segretario signs second: refused before any PIN is asked.
    await fireEvent.click(within(verbale).getByRole('button', { name: 'Firma il verbale' }));
    expect(text(await screen.findByRole('alert'))).toContain('chi ha presieduto la seduta');
    expect(screen.queryByRole('dialog')).toBeNull();
    await backend.as('sindaco', 'segretario', () => backend.call('seduta_firma', { id: 1, documento: 'verbale', pin: DEMO_PIN }));
    await fireEvent.click(within(verbale).getByRole('button', { name: 'Firma il verbale' }));
    const dialog = await screen.findByRole('dialog', { name: 'Firma il verbale della seduta' });
    await fireEvent.input(within(dialog).getByLabelText('PIN del dispositivo di firma'), { target: { value: DEMO_PIN } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Firma' }));
    await screen.findByText('Firmato da chi ha presieduto e dal segretario.');
    await fireEvent.click(screen.getByRole('button', { name: 'Registra la comunicazione ai capigruppo' }));
    await screen.findByText(/Delibere comunicate il/);
  });
});
