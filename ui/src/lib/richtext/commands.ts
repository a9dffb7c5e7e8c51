/**
 * What the editor's toolbar and keys do: the formatting a section can hold, and what is on at
 * the cursor (for the toolbar's pressed buttons).
 */
import { baseKeymap, chainCommands, exitCode, setBlockType, toggleMark } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, Plugin, TextSelection, type Command } from 'prosemirror-state';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, isInTable, tableEditing } from 'prosemirror-tables';
import { schema } from './schema';

const { strong, em } = schema.marks;
const { paragraph, heading, bullet_list, ordered_list, list_item, table, table_row, table_header, table_cell, hard_break } =
  schema.nodes;

/** What is on where the cursor is. */
export type Active = {
  strong: boolean;
  em: boolean;
  heading: boolean;
  bullet_list: boolean;
  ordered_list: boolean;
  table: boolean;
};

function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

/** The nearest list around the cursor, with its position. */
function listAround(state: EditorState): { type: NodeType; pos: number } | null {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (node.type === bullet_list || node.type === ordered_list) return { type: node.type, pos: $from.before(d) };
  }
  return null;
}

export function active(state: EditorState): Active {
  const list = listAround(state)?.type;
  return {
    strong: markActive(state, strong),
    em: markActive(state, em),
    heading: state.selection.$from.parent.type === heading,
    bullet_list: list === bullet_list,
    ordered_list: list === ordered_list,
    table: isInTable(state),
  };
}

export const toggleStrong: Command = toggleMark(strong);
export const toggleEm: Command = toggleMark(em);

/** A heading becomes a paragraph again; a paragraph becomes a heading. */
export const toggleHeading: Command = (state, dispatch) =>
  state.selection.$from.parent.type === heading
    ? setBlockType(paragraph)(state, dispatch)
    : setBlockType(heading)(state, dispatch);

/** Into a list of this kind; out of it when already in one; from the other kind to this one. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    const around = listAround(state);
    if (around?.type === type) return liftListItem(list_item)(state, dispatch);
    if (around) {
      dispatch?.(state.tr.setNodeMarkup(around.pos, type));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

/** A table of two columns, a header row and one row, with the cursor in its first cell. */
export const insertTable: Command = (state, dispatch) => {
  if (isInTable(state)) return false;
  const row = (cell: NodeType) => table_row.create(null, [cell.createAndFill()!, cell.createAndFill()!]);
  const node = table.create(null, [row(table_header), row(table_cell)]);
  if (dispatch) {
    const from = state.selection.from;
    const tr = state.tr.replaceSelectionWith(node);
    let at = -1;
    tr.doc.nodesBetween(Math.max(0, from - 1), Math.min(tr.doc.content.size, tr.selection.from), (n, pos) => {
      if (n.type === table) at = pos;
      return n.type !== table;
    });
    if (at >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(at + 4)));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

export { addColumnAfter, addRowAfter, deleteColumn, deleteRow };

export const toggleBulletList = toggleList(bullet_list);
export const toggleOrderedList = toggleList(ordered_list);

const lineBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(hard_break.create()).scrollIntoView());
  return true;
});

/**
 * A table at the end of the text always has an empty line after it, where the caret can go
 * (Ctrl+End, a click): else nothing could be written after it. The empty line writes nothing.
 */
const lineAfterTable = new Plugin({
  appendTransaction(_trs, _old, state) {
    if (state.doc.lastChild?.type !== table) return null;
    return state.tr.insert(state.doc.content.size, paragraph.create());
  },
});

/** The editor's plugins: history, keys (no Tab: Tab leaves the editor), tables. */
export function plugins(): Plugin[] {
  return [
    lineAfterTable,
    history(),
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Shift-Mod-z': redo,
      'Mod-b': toggleStrong,
      'Mod-i': toggleEm,
      'Shift-Mod-7': toggleOrderedList,
      'Shift-Mod-8': toggleBulletList,
      'Mod-]': sinkListItem(list_item),
      'Mod-[': liftListItem(list_item),
      Enter: splitListItem(list_item),
      'Shift-Enter': lineBreak,
    }),
    keymap(baseKeymap),
    tableEditing(),
  ];
}
