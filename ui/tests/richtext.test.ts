/**
 * The section editor's Markdown: what it writes reads back the same, and atti-core reads it the
 * same way (crates/atti-core/src/rich_text.rs checks the same fixture); a paste from Word or
 * LibreOffice keeps lists, tables, bold and italic and drops the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMParser as PmParser } from 'prosemirror-model';
import { fromMarkdown, plainText, toMarkdown } from '../src/lib/richtext/markdown';
import { cleanPastedHtml } from '../src/lib/richtext/paste';
import { schema } from '../src/lib/richtext/schema';

type Case = { about: string; markdown: string; canonical?: string; plain: string };
const cases = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'testo-formattato.json'), 'utf-8'),
) as Case[];

/** What the editor holds after a paste of this HTML, written as the act stores it. */
function pasted(html: string): string {
  const dom = new DOMParser().parseFromString(cleanPastedHtml(html), 'text/html');
  return toMarkdown(PmParser.fromSchema(schema).parse(dom.body));
}

describe('the section text', () => {
  for (const c of cases) {
    it(`reads and writes back: ${c.about}`, () => {
      expect(toMarkdown(fromMarkdown(c.markdown))).toBe(c.canonical ?? c.markdown);
      expect(plainText(c.markdown)).toBe(c.plain);
      if (c.canonical) expect(plainText(c.canonical)).toBe(c.plain);
    });
  }

  it('keeps from a LibreOffice paste what the PDF can show', () => {
    const html = `<html><body><p style="margin-bottom: 0cm"><font face="Liberation Serif"><span style="color:#c9211e">Si <b>dispone</b> <i>quanto</i> segue:</span></font></p>
      <ol><li><p>primo punto</p></li><li><p>secondo punto</p></li></ol>
      <ul><li><p>voce</p></li></ul>
      <table cellpadding="2"><tr><td><p><b>Capitolo</b></p></td><td><p>Importo</p></td></tr><tr><td><p>1043</p></td><td><p>12.500,00</p></td></tr></table>
      <p><img src="file:///tmp/logo.png" alt="logo"> <a href="https://example.org">sito</a></p></body></html>`;
    expect(pasted(html)).toBe(
      'Si **dispone** *quanto* segue:\n\n1. primo punto\n2. secondo punto\n\n- voce\n\n| **Capitolo** | Importo |\n| --- | --- |\n| 1043 | 12.500,00 |\n\nsito',
    );
  });

  it('makes Word’s typed bullets and numbers into lists', () => {
    const html = `<p class=MsoNormal>Premesso:</p>
      <p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span>uno</p>
      <p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp;</span></span>due</p>
      <p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>·<span>&nbsp;</span></span>punto</p>
      <p class=MsoNormal>Fine</p>`;
    expect(pasted(html)).toBe('Premesso:\n\n1. uno\n2. due\n\n- punto\n\nFine');
  });

  it('bold that Word and LibreOffice mark as normal stays normal', () => {
    expect(pasted('<b style="font-weight:normal"><p>testo</p></b>')).toBe('testo');
  });
});

describe('the editor', () => {
  it('keeps an empty line after a table at the end, which writes nothing', async () => {
    const { EditorState } = await import('prosemirror-state');
    const { plugins, insertTable } = await import('../src/lib/richtext/commands');
    let state = EditorState.create({ doc: fromMarkdown(''), plugins: plugins() });
    insertTable(state, (tr) => (state = state.apply(tr)));
    // The table, then (appended by the plugin on the next transaction) the empty paragraph.
    state = state.apply(state.tr.insertText('Voce'));
    expect(state.doc.lastChild?.type.name).toBe('paragraph');
    expect(toMarkdown(state.doc)).toBe('| Voce |  |\n| --- | --- |\n|  |  |');
  });
});
