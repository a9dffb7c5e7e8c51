/**
 * What Word puts on the clipboard is not quite HTML: its lists are paragraphs with a typed
 * bullet or number in front (class MsoListParagraph, style mso-list). They are turned into real
 * lists here, before the editor's schema keeps what the PDF can show and drops the rest.
 * LibreOffice's clipboard already has real lists and tables.
 */

const ITEM_CLASS = /MsoListParagraph/i;
const ITEM_STYLE = /mso-list:\s*l\d/i;
const MARKER_STYLE = /mso-list:\s*ignore/i;
const NUMBERED = /^\s*(\d+|[a-z]|[ivxlcdm]+)[.)]/i;

/** The pasted HTML with Word's lists made into <ul>/<ol>; any other HTML as it came. */
export function cleanPastedHtml(html: string): string {
  if (!ITEM_CLASS.test(html) && !ITEM_STYLE.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let list: HTMLElement | null = null;
  for (const p of Array.from(doc.body.querySelectorAll('p'))) {
    if (!ITEM_CLASS.test(p.className) && !ITEM_STYLE.test(p.getAttribute('style') ?? '')) {
      list = null;
      continue;
    }
    const marker = Array.from(p.querySelectorAll('span')).find((s) => MARKER_STYLE.test(s.getAttribute('style') ?? ''));
    const numbered = NUMBERED.test(marker?.textContent ?? '');
    marker?.remove();
    const wanted = numbered ? 'OL' : 'UL';
    if (!list || list.nextElementSibling !== p || list.tagName !== wanted) {
      list = doc.createElement(wanted);
      p.before(list);
    }
    const item = doc.createElement('li');
    const para = doc.createElement('p');
    para.append(...Array.from(p.childNodes));
    item.append(para);
    list.append(item);
    p.remove();
  }
  return doc.body.innerHTML;
}
