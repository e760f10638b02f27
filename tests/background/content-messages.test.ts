import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { onContentMessage } from '@/lib/background';
import { getTabState } from '@/lib/background/tab-state';

const tab = (id: number) => ({ tab: { id, index: 0, highlighted: true, active: true, pinned: false, incognito: false }, frameId: 0 }) as never;
const maria = { source: 'linkedin-profile', url: 'https://www.linkedin.com/in/maria/', name: 'Maria Gonzalez', recordKey: 'linkedin:in:maria' };

describe('content script reports, as the background keeps them per tab', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stores what a tab read, and a navigation clears it at once', async () => {
    await onContentMessage({ type: 'context:result', recordKey: 'linkedin:in:maria', result: { status: 'read', context: maria } }, tab(7));
    expect((await getTabState(7))?.context?.name).toBe('Maria Gonzalez');

    await onContentMessage({ type: 'context:reading', url: 'https://www.linkedin.com/in/jonas/', recordKey: 'linkedin:in:jonas' }, tab(7));
    const state = await getTabState(7);
    expect(state?.status).toBe('reading');
    expect(state?.context).toBeUndefined();
    expect(await getTabState(8)).toBeNull();
  });

  it('ignores what does not fit the protocol, and frames other than the top one', async () => {
    await onContentMessage({ type: 'context:result', recordKey: 'x', result: { status: 'read', context: { name: 'no source or url' } } }, tab(3));
    await onContentMessage({ type: 'nonsense' }, tab(3));
    await onContentMessage('<img src=x onerror=alert(1)>', tab(3));
    await onContentMessage({ type: 'context:result', recordKey: 'x', result: { status: 'read', context: maria } }, {
      ...(tab(3) as object),
      frameId: 2,
    } as never);
    expect(await getTabState(3)).toBeNull();
  });

  it('refuses oversized fields from a hostile page', async () => {
    const huge = { ...maria, name: 'A'.repeat(100_000) };
    await onContentMessage({ type: 'context:result', recordKey: 'k', result: { status: 'read', context: huge } }, tab(4));
    expect(await getTabState(4)).toBeNull();
  });
});

describe('"Find collateral for …" on selected text', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the panel the selection as its search, keeping what the tab read', async () => {
    const { onSelectionSearch } = await import('@/lib/background');
    await onContentMessage({ type: 'context:result', recordKey: 'linkedin:in:maria', result: { status: 'read', context: maria } }, tab(5));
    await onSelectionSearch(5, '  claims   automation\n');
    const state = await getTabState(5);
    expect(state?.query).toBe('claims automation');
    expect(state?.context?.name).toBe('Maria Gonzalez');
  });

  it('keeps the search while the rep stays on the record, and drops it on another record', async () => {
    const { onSelectionSearch } = await import('@/lib/background');
    await onContentMessage({ type: 'context:result', recordKey: 'linkedin:in:maria', result: { status: 'read', context: maria } }, tab(6));
    await onSelectionSearch(6, 'revenue cycle');
    await onContentMessage({ type: 'context:result', recordKey: 'linkedin:in:maria', result: { status: 'read', context: { ...maria, title: 'CFO' } } }, tab(6));
    expect((await getTabState(6))?.query).toBe('revenue cycle');
    await onContentMessage({ type: 'context:reading', url: 'https://www.linkedin.com/in/jonas/', recordKey: 'linkedin:in:jonas' }, tab(6));
    expect((await getTabState(6))?.query).toBeUndefined();
  });
});

describe('a page no content script answered for', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the URL of a web-mail tab, so the panel offers Insert there, and of no other page', async () => {
    const { onPageUnreached } = await import('@/lib/background');
    const gmail = await fakeBrowser.tabs.create({ url: 'https://mail.google.com/mail/u/0/#inbox?compose=new' });
    const outlook = await fakeBrowser.tabs.create({ url: 'https://outlook.office.com/mail/deeplink/compose?to=x' });
    const other = await fakeBrowser.tabs.create({ url: 'https://news.example/article' });
    const plain = await fakeBrowser.tabs.create({ url: 'http://mail.google.com/mail/' });
    for (const tab of [gmail, outlook, other, plain]) await onPageUnreached(tab.id!);
    expect(await getTabState(gmail.id!)).toMatchObject({
      status: 'unsupported',
      url: 'https://mail.google.com/mail/u/0/#inbox?compose=new',
      recordKey: 'https://mail.google.com/mail/u/0/',
    });
    expect(await getTabState(outlook.id!)).toMatchObject({ url: 'https://outlook.office.com/mail/deeplink/compose?to=x' });
    for (const tab of [other, plain]) expect(await getTabState(tab.id!)).toMatchObject({ status: 'unsupported', url: '', recordKey: '' });
    // A tab gone meanwhile, or a URL the extension may not see: nothing to read, nothing kept.
    await onPageUnreached(999);
    expect(await getTabState(999)).toMatchObject({ status: 'unsupported', url: '' });
  });
});
