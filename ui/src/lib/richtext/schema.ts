/**
 * What a section's text can hold in the editor: exactly what atti-core's rich_text reads and the
 * PDF prints (paragraphs, line breaks, bold, italic, one level of heading, bulleted and numbered
 * lists, tables with a header row). Whatever else a paste brings (colours, fonts, images, links)
 * has no node or mark here, so ProseMirror drops it and keeps its text.
 */
import { Schema, type DOMOutputSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';

const tables = tableNodes({ tableGroup: 'block', cellContent: 'paragraph', cellAttributes: {} });

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }, { tag: 'div', priority: 10 }],
      toDOM: (): DOMOutputSpec => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      defining: true,
      parseDOM: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => ({ tag })),
      // Inside a section whose own heading is an h3.
      toDOM: (): DOMOutputSpec => ['h4', { class: 'rich-heading' }, 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: (): DOMOutputSpec => ['ul', 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { order: { default: 1, validate: 'number' } },
      parseDOM: [
        {
          tag: 'ol',
          getAttrs: (dom) => {
            const start = Number((dom as HTMLElement).getAttribute('start') ?? '1');
            return { order: Number.isInteger(start) && start > 0 ? start : 1 };
          },
        },
      ],
      toDOM: (node): DOMOutputSpec =>
        node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0],
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: (): DOMOutputSpec => ['li', 0],
    },
    table: tables.table,
    table_row: tables.table_row,
    table_header: tables.table_header,
    table_cell: tables.table_cell,
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: (): DOMOutputSpec => ['br'],
    },
  },
  marks: {
    strong: {
      parseDOM: [
        { tag: 'strong' },
        // Word and LibreOffice wrap whole paragraphs in <b style="font-weight:normal">.
        { tag: 'b', getAttrs: (dom) => (dom as HTMLElement).style.fontWeight !== 'normal' && null },
        {
          style: 'font-weight',
          getAttrs: (value) => /^(bold(er)?|[6-9]\d{2,})$/.test(String(value)) && null,
        },
      ],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    em: {
      parseDOM: [
        { tag: 'em' },
        { tag: 'i', getAttrs: (dom) => (dom as HTMLElement).style.fontStyle !== 'normal' && null },
        { style: 'font-style=italic' },
      ],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
  },
});
