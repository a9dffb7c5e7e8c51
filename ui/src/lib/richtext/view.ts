/** A section's text shown as it prints (read only): the editor's schema draws it, no HTML string. */
import { DOMSerializer } from 'prosemirror-model';
import { fromMarkdown } from './markdown';
import { schema } from './schema';

const serializer = DOMSerializer.fromSchema(schema);

/** Svelte action: `<div use:richText={section.text}>`. */
export function richText(node: HTMLElement, text: string) {
  const render = (t: string) => node.replaceChildren(serializer.serializeFragment(fromMarkdown(t).content));
  render(text);
  return { update: render };
}
