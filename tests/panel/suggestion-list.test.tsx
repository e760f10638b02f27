// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SuggestionList } from '@/components/panel/suggestion-list';
import { FeedbackBar } from '@/components/panel/feedback-bar';
import type { StoredItem } from '@/lib/db/database';
import type { Suggestion } from '@/lib/match';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function item(id: string, fields: Partial<StoredItem> = {}): StoredItem {
  return {
    id,
    title: `Title ${id}`,
    url: `https://vendor.example/${id}`,
    gated: false,
    internalOnly: false,
    keywords: [],
    industries: [],
    personas: [],
    products: [],
    stages: [],
    regions: [],
    languages: [],
    competitors: [],
    companySizes: [],
    key: `s\u001f${id}`,
    sourceId: 's',
    ...fields,
  };
}
const suggestion = (i: StoredItem): Suggestion => ({ item: i, score: 1, reasons: ['Healthcare'], shareable: !i.gated && !i.internalOnly });

function list(onCopy = vi.fn()) {
  const items = [item('a', { description: 'A case study. More.', industries: ['healthcare'], updatedAt: '2026-10-01' }), item('b'), item('c', { gated: true })];
  render(
    <SuggestionList
      label="Suggestions"
      suggestions={items.map(suggestion)}
      typeLabels={new Map()}
      shares={new Map()}
      votes={new Map()}
      canInsert={false}
      onCopy={onCopy}
      onCopyMessage={vi.fn()}
      onInsert={vi.fn()}
      onFeedback={vi.fn()}
    />,
    root,
  );
  return onCopy;
}

const key = (target: Element, k: string) => act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('suggestion list', () => {
  it('moves between titles with the arrow keys and copies the one in focus with C', () => {
    const onCopy = list();
    const titles = [...root.querySelectorAll<HTMLElement>('.suggestion__title')];
    titles[0]!.focus();
    key(titles[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(titles[1]);
    key(titles[1]!, 'End');
    expect(document.activeElement).toBe(titles[2]);
    // A gated item has no link to copy.
    key(titles[2]!, 'c');
    expect(onCopy).not.toHaveBeenCalled();
    key(titles[2]!, 'ArrowUp');
    key(titles[1]!, 'c');
    expect(onCopy).toHaveBeenCalledWith(expect.objectContaining({ item: expect.objectContaining({ id: 'b' }) }));
  });

  it('previews an item: description, tags, updated date', () => {
    list();
    const preview = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Preview')!;
    expect(preview.getAttribute('aria-expanded')).toBe('false');
    act(() => preview.click());
    const shown = root.querySelector('.suggestion__preview')!.textContent!;
    expect(shown).toContain('A case study. More.');
    expect(shown).toContain('Tags: healthcare');
    expect(shown).toContain('Updated Oct 1, 2026');
  });

  it('offers Copy with message next to Copy link, only for shareable items', () => {
    list();
    const rows = [...root.querySelectorAll('li')].map((li) => [...li.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent));
    expect(rows[0]).toEqual(['Copy link', 'Copy with message', 'Preview', 'Useful', 'Not useful']);
    expect(rows[2]).toEqual(['Preview', 'Useful', 'Not useful']);
  });
});

describe('after a vote', () => {
  it('undoes in one click and sends a reason in one more', () => {
    const onUndo = vi.fn();
    const onReason = vi.fn();
    render(<FeedbackBar vote={{ recordKey: 'r', item: item('a'), useful: false }} onUndo={onUndo} onReason={onReason} onClose={vi.fn()} />, root);
    expect(root.textContent).toContain('Not useful, removed for this prospect: Title a');
    const buttons = [...root.querySelectorAll('button')];
    act(() => buttons.find((b) => b.textContent === 'Undo')!.click());
    expect(onUndo).toHaveBeenCalledOnce();
    act(() => buttons.find((b) => b.textContent === 'Wrong industry')!.click());
    expect(onReason).toHaveBeenCalledWith('Wrong industry');
  });
});
