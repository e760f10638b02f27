import { watchPage } from '@/lib/context/watcher';
import { insertText } from '@/lib/context/insert';
import { pageMessageSchema, type ContentMessage } from '@/lib/messages';
import { contentScriptMatches } from '@/lib/context/hosts';

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main(ctx) {
    // A toolbar click injects the script again: WXT then invalidates the older copy's ctx, whose
    // abort signal ends its watcher and listeners, so this copy is the only one watching.
    const watcher = watchPage({
      document,
      window,
      signal: ctx.signal,
      // WXT reports history-API navigation; no polling of our own.
      pollMs: 0,
      send: (message: ContentMessage) => void browser.runtime.sendMessage(message).catch(() => undefined),
    });
    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.locationChanged());
    const onMessage = (raw: unknown) => {
      const parsed = pageMessageSchema.safeParse(raw);
      if (!parsed.success) return undefined;
      if (parsed.data.type === 'page:read-now') {
        watcher.readNow();
        return Promise.resolve({ ok: true });
      }
      return Promise.resolve(insertText(document, parsed.data.text));
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  },
});
