import { fireEvent } from '@testing-library/svelte';

/** Chooses an option of a <select> as a user would (selected option + change event). */
export async function selectOption(select: HTMLElement, value: string): Promise<void> {
  const el = select as HTMLSelectElement;
  for (const option of Array.from(el.options)) option.selected = option.value === value;
  await fireEvent.change(el);
}
