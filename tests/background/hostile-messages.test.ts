/**
 * Content scripts run next to hostile pages: whatever they send the background is parsed with
 * lib/messages.ts and dropped when it does not fit. Each kind of misfit is tried here through
 * the background's own runtime listener (onRuntimeMessage), and then arbitrary values.
 * "Dropped" means nothing at all reaches storage.session, where the panel reads from.
 */
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { onRuntimeMessage } from '@/lib/background';
import { contentMessageSchema, tabStateSchema } from '@/lib/messages';
import { params, report } from '../fuzz/support';

afterAll(() => report('Content-script messages'));

type Sender = Parameters<typeof onRuntimeMessage>[1];
const page = (tabId = 7, patch: Partial<Sender> = {}): Sender =>
  ({
    id: fakeBrowser.runtime.id,
    url: 'https://www.linkedin.com/in/maria/',
    frameId: 0,
    tab: { id: tabId, index: 0, highlighted: true, active: true, pinned: false, incognito: false },
    ...patch,
  }) as Sender;

const maria = {
  source: 'linkedin-profile',
  url: 'https://www.linkedin.com/in/maria/',
  name: 'Maria Gonzalez',
  company: 'Acme',
  recordKey: 'linkedin:in:maria',
};
const good = { type: 'context:result', recordKey: 'linkedin:in:maria', result: { status: 'read', context: maria }, messageBox: false };

async function stored(): Promise<Record<string, unknown>> {
  return fakeBrowser.storage.session.get(null);
}

async function send(message: unknown, sender: Sender = page()) {
  await onRuntimeMessage(message, sender);
}

const long = (n: number) => 'A'.repeat(n);
const withContext = (patch: Record<string, unknown>) => ({ ...good, result: { status: 'read', context: { ...maria, ...patch } } });

beforeEach(() => fakeBrowser.reset());

describe('messages that do not fit the schema are dropped', () => {
  it('the well-formed message they are variations of is kept (so a drop below is the schema, not the test)', async () => {
    await send(good);
    expect(await stored()).toEqual({ 'tab:7': expect.objectContaining({ status: 'read', context: expect.objectContaining({ name: 'Maria Gonzalez' }) }) });
  });

  it.each<[string, unknown]>([
    // wrong type
    ['an unknown type', { ...good, type: 'context:steal' }],
    ['a type that is a number', { ...good, type: 1 }],
    ['a panel command from a page', { type: 'panel:insert', tabId: 7, text: 'hello' }],
    ['a catalog command from a page', { type: 'catalog:sync' }],
    ['an unknown read status', { ...good, result: { status: 'owned', url: maria.url } }],
    ['messageBox as text', { ...good, messageBox: 'yes' }],
    ['a name that is a number', withContext({ name: 42 })],
    ['products as text, not a list', withContext({ products: 'Zeph Flow' })],
    // not an object at all
    ['markup', '<img src=x onerror=alert(1)>'],
    ['null', null],
    ['a number', 7],
    ['an array', [good]],
    // missing fields
    ['no type', { result: good.result, recordKey: 'k' }],
    ['no recordKey', { type: 'context:result', result: good.result }],
    ['no result', { type: 'context:result', recordKey: 'k' }],
    ['a read without its context', { ...good, result: { status: 'read' } }],
    ['a context without source', withContext({ source: undefined })],
    ['a context without url', withContext({ url: undefined })],
    ['a blank source', withContext({ source: '   ' })],
    ['a reading without url', { type: 'context:reading', recordKey: 'k' }],
    // oversized strings and lists
    ['a 100,000-character name', withContext({ name: long(100_000) })],
    ['a 5,000-character url', withContext({ url: `https://a.example/${long(5000)}` })],
    ['a 1,000-character record key', { ...good, recordKey: long(1000) }],
    ['a 30,000-character page text', withContext({ text: long(30_000) })],
    ['51 products', withContext({ products: Array.from({ length: 51 }, (_, i) => `p${i}`) })],
    ['a 300-character product', withContext({ products: [long(300)] })],
    ['a 200-character source', withContext({ source: long(200) })],
    ['an unreadable result with a 5,000-character url', { ...good, result: { status: 'unreadable', source: 'x', url: long(5000) } }],
    // extra nesting
    ['a name that is an object', withContext({ name: { first: 'Maria' } })],
    ['a name that is a list', withContext({ name: ['Maria'] })],
    ['products nested in lists', withContext({ products: [['Zeph Flow']] })],
    ['a result inside a result', { ...good, result: { status: 'read', context: good.result } }],
    ['a context nested 5,000 deep', withContext({ name: JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) })],
  ])('%s', async (_kind, message) => {
    await send(message);
    expect(await stored()).toEqual({});
  });

  it('fields the schema does not know are stripped, not stored', async () => {
    await send({ ...good, extra: { deep: true }, result: { ...good.result, context: { ...maria, password: 'x', __proto__: { polluted: true } } } });
    const state = (await stored())['tab:7'] as Record<string, unknown>;
    expect(state).not.toHaveProperty('extra');
    expect(state.context).not.toHaveProperty('password');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('messages from the wrong sender are dropped', () => {
  it.each<[string, Sender]>([
    ['another extension', page(7, { id: 'some-other-extension' })],
    ['no extension id', page(7, { id: undefined })],
    ['a frame inside the page', page(7, { frameId: 3 })],
    ['no tab (not a content script)', page(7, { tab: undefined })],
  ])('%s', async (_kind, sender) => {
    await send(good, sender);
    expect(await stored()).toEqual({});
  });

  it('a content-script message from an extension page goes to the panel protocol, which refuses it', async () => {
    expect(await onRuntimeMessage(good, page(7, { url: fakeBrowser.runtime.getURL('/sidepanel.html') }))).toBeUndefined();
    expect(await stored()).toEqual({});
  });
});

describe('arbitrary messages', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(long(5000)),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const contextArb = fc.record(
    Object.fromEntries(
      ['source', 'url', 'name', 'title', 'company', 'products', 'text', 'recordKey', 'extra'].map((k) => [
        k,
        fc.oneof(value, fc.array(value, { maxLength: 3 })),
      ]),
    ),
    { requiredKeys: [] },
  );
  const messageArb = fc.oneof(
    fc.anything({ maxDepth: 4 }),
    fc.record(
      {
        type: fc.constantFrom('context:result', 'context:reading', 'panel:refresh', 'x'),
        recordKey: value,
        url: value,
        messageBox: value,
        result: fc.record(
          { status: fc.constantFrom('read', 'unreadable', 'unsupported', 'x'), url: value, source: value, context: contextArb },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  );

  it('are stored only when the schema accepts them, and what is stored is within bounds', async () => {
    await fc.assert(
      fc.asyncProperty(messageArb, async (message) => {
        await fakeBrowser.storage.session.clear();
        await send(message);
        const all = await stored();
        const accepted = contentMessageSchema.safeParse(message).success;
        if (!accepted) expect(all).toEqual({});
        else expect(tabStateSchema.safeParse(all['tab:7']).success).toBe(true);
      }),
      params('arbitrary messages'),
    );
  });
});
