/**
 * A section's text in the act's JSON is a small part of Markdown (CommonMark with tables), the
 * one atti-core's rich_text reads for the PDF. These turn it into the editor's document and back.
 * A text written before formatting existed (each line its own line) reads as it always did.
 */
import MarkdownIt from 'markdown-it';
import type { Node } from 'prosemirror-model';
import {
  MarkdownParser,
  MarkdownSerializer,
  defaultMarkdownSerializer,
  type MarkdownSerializerState,
} from 'prosemirror-markdown';
import { schema } from './schema';

// Inline code and code blocks have no place in an act: backticks and indents stay text.
const tokenizer = MarkdownIt('commonmark', { html: false, breaks: true })
  .enable('table')
  .disable(['backticks', 'code', 'fence', 'image']);

type Tokens = ReturnType<typeof tokenizer.parse>;

/** A table cell holds one paragraph in the editor; markdown-it puts its text straight in it. */
function wrapCells(tokens: Tokens): Tokens {
  const out: Tokens = [];
  for (const tok of tokens) {
    const Token = tok.constructor as new (type: string, tag: string, nesting: -1 | 0 | 1) => (typeof tokens)[number];
    if (tok.type === 'th_close' || tok.type === 'td_close') out.push(new Token('paragraph_close', 'p', -1));
    out.push(tok);
    if (tok.type === 'th_open' || tok.type === 'td_open') out.push(new Token('paragraph_open', 'p', 1));
  }
  return out;
}

const parser = new MarkdownParser(
  schema,
  { parse: (text: string, env: Parameters<typeof tokenizer.parse>[1]) => wrapCells(tokenizer.parse(text, env)) } as typeof tokenizer,
  {
    paragraph: { block: 'paragraph' },
    heading: { block: 'heading' },
    bullet_list: { block: 'bullet_list' },
    ordered_list: { block: 'ordered_list', getAttrs: (tok) => ({ order: Number(tok.attrGet('start')) || 1 }) },
    list_item: { block: 'list_item' },
    table: { block: 'table' },
    thead: { ignore: true },
    tbody: { ignore: true },
    tr: { block: 'table_row' },
    th: { block: 'table_header' },
    td: { block: 'table_cell' },
    hardbreak: { node: 'hard_break' },
    // A line end inside a paragraph stays a line end, as in the PDF.
    softbreak: { node: 'hard_break' },
    em: { mark: 'em' },
    strong: { mark: 'strong' },
    // Kept as their text, as atti-core reads them.
    link: { ignore: true },
    blockquote: { ignore: true },
    hr: { ignore: true, noCloseToken: true },
  },
);

/** The editor's document for a section's text. */
export function fromMarkdown(text: string): Node {
  return parser.parse(text) ?? schema.node('doc', null, [schema.node('paragraph')]);
}

/** A cell's text on one line of a pipe table. */
function cellMarkdown(cell: Node): string {
  const inner = serializer.serialize(schema.node('doc', null, cell.content));
  return inner.replace(/\\\n|\n/g, ' ').replace(/\|/g, '\\|').trim();
}

const serializer: MarkdownSerializer = new MarkdownSerializer(
  {
    paragraph: defaultMarkdownSerializer.nodes.paragraph!,
    text: defaultMarkdownSerializer.nodes.text!,
    hard_break: defaultMarkdownSerializer.nodes.hard_break!,
    ordered_list: defaultMarkdownSerializer.nodes.ordered_list!,
    list_item: defaultMarkdownSerializer.nodes.list_item!,
    heading(state: MarkdownSerializerState, node: Node) {
      state.write('## ');
      state.renderInline(node, false);
      state.closeBlock(node);
    },
    bullet_list(state: MarkdownSerializerState, node: Node) {
      state.renderList(node, '  ', () => '- ');
    },
    table(state: MarkdownSerializerState, node: Node) {
      const rows: string[][] = [];
      node.forEach((row) => {
        const cells: string[] = [];
        row.forEach((cell) => cells.push(cellMarkdown(cell)));
        rows.push(cells);
      });
      const width = Math.max(1, ...rows.map((r) => r.length));
      const line = (cells: string[]) =>
        `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      const lines = [line(rows[0] ?? []), line(Array(width).fill('---')), ...rows.slice(1).map(line)];
      lines.forEach((l, i) => {
        if (i > 0) state.ensureNewLine();
        state.write(l);
      });
      state.closeBlock(node);
    },
    // Only ever inside a table, which writes its cells itself.
    table_row() {},
    table_header() {},
    table_cell() {},
  },
  {
    em: defaultMarkdownSerializer.marks.em!,
    strong: defaultMarkdownSerializer.marks.strong!,
  },
);

/** The section's text for the editor's document. */
export function toMarkdown(doc: Node): string {
  return serializer.serialize(doc, { tightLists: true });
}

/** The text without its formatting, a line per paragraph, item or row (as atti-core's plain_text). */
export function plainText(text: string): string {
  return blockLines(fromMarkdown(text)).join('\n');
}

function blockLines(node: Node): string[] {
  const lines: string[] = [];
  node.forEach((child) => {
    switch (child.type.name) {
      case 'paragraph':
      case 'heading':
        lines.push(...inlineText(child).split('\n').filter((l) => l !== ''));
        break;
      case 'bullet_list':
      case 'ordered_list': {
        let n = child.type.name === 'ordered_list' ? (child.attrs.order as number) : 0;
        child.forEach((item) => {
          const marker = n > 0 ? `${n++}. ` : '- ';
          blockLines(item).forEach((l, k) => lines.push((k === 0 ? marker : ' '.repeat(marker.length)) + l));
        });
        break;
      }
      case 'table':
        child.forEach((row) => {
          const cells: string[] = [];
          row.forEach((cell) => cells.push(inlineText(cell).replace(/\n/g, ' ')));
          lines.push(cells.join(' | '));
        });
        break;
    }
  });
  return lines;
}

function inlineText(node: Node): string {
  let out = '';
  node.descendants((n) => {
    if (n.isText) out += n.text;
    else if (n.type.name === 'hard_break') out += '\n';
    return true;
  });
  return out;
}
