// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/database';
import type { CatalogView } from '@/lib/match';
import { storedItem } from '../match/support';

/**
 * The panel's lists without a prospect, with the catalog in the matcher's worker: the view the
 * panel holds then has no items (a sparse array of the catalog's length), so nothing may be read
 * from it. The newest come from the matcher (here a stand-in for the worker's answer), the ones
 * shared most from IndexedDB by key.
 */
const newestItems = vi.fn<(view: CatalogView, limit?: number, today?: string) => Promise<unknown[]>>();
vi.mock('@/lib/match', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/match')>()),
  newestItems: (...args: Parameters<typeof newestItems>) => newestItems(...args),
}));
const { useBrowse } = await import('@/components/panel/use-browse');
// The panel's data layer, loaded after its first paint: here before the first render.
await (await import('@/components/panel/lazy')).panelData();

let root: HTMLElement;
beforeEach(async () => {
  root = document.createElement('div');
  document.body.append(root);
  await db().items.clear();
  await db().itemPages.clear();
});
afterEach(() => {
  render(null, root);
  root.remove();
  newestItems.mockReset();
});

function Probe(props: { active: boolean; catalog: CatalogView | null; shared: string[] }) {
  const browse = useBrowse(props.active, props.catalog, props.shared);
  return <p>{browse ? `newest: ${browse.newest.map((s) => s.item.id).join(',')}; shared: ${browse.shared.map((s) => s.item.id).join(',')}` : 'none'}</p>;
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('the lists without a prospect', () => {
  it('fill from a catalog whose items live in the worker', async () => {
    await db().items.bulkPut([storedItem('a'), storedItem('b'), storedItem('gone', { expiresAt: '2020-01-01' })]);
    const remote: CatalogView = { items: new Array(25_000), vocabulary: {} };
    newestItems.mockResolvedValue([storedItem('n1'), storedItem('n2')]);
    render(<Probe active catalog={remote} shared={['s\u001fb', 's\u001fgone', 's\u001fmissing', 's\u001fa']} />, root);
    await settle();
    expect(root.textContent).toBe('newest: n1,n2; shared: b,a');
    expect(newestItems).toHaveBeenCalledWith(remote, 5, expect.stringMatching(/^\d{4}-\d\d-\d\d$/));
  });

  it('ask nothing while there is a prospect or a search', async () => {
    render(<Probe active={false} catalog={{ items: new Array(25_000), vocabulary: {} }} shared={['s\u001fa']} />, root);
    await settle();
    expect(root.textContent).toBe('none');
    expect(newestItems).not.toHaveBeenCalled();
  });

  it('show the newest of the catalog in view, not of the one before', async () => {
    const first: CatalogView = { items: new Array(25_000), vocabulary: {} };
    const second: CatalogView = { items: new Array(26_000), vocabulary: {} };
    let answerFirst: (items: unknown[]) => void = () => undefined;
    newestItems.mockImplementation((view) => (view === first ? new Promise((resolve) => (answerFirst = resolve)) : Promise.resolve([storedItem('new')])));
    render(<Probe active catalog={first} shared={[]} />, root);
    await settle();
    render(<Probe active catalog={second} shared={[]} />, root);
    await settle();
    answerFirst([storedItem('old')]);
    await settle();
    expect(root.textContent).toBe('newest: new; shared: ');
  });
});
