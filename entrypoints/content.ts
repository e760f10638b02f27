import { watchPage } from '@/lib/context/watcher';
import { insertText } from '@/lib/context/insert';
import { pageMessageSchema, type ContentMessage } from '@/lib/messages';
import { contentScriptMatches } from '@/lib/context/hosts';

declare global {
  interface Window {
    __pitchsideWatcher?: { readNow(): void };
  }
}

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main() {
    // Injected again on a toolbar click (activeTab): one watcher per page is enough.
    if (window.__pitchsideWatcher) {
      window.__pitchsideWatcher.readNow();
      return;
    }
    const watcher = watchPage({
      document,
      window,
      send: (message: ContentMessage) => void browser.runtime.sendMessage(message).catch(() => undefined),
    });
    window.__pitchsideWatcher = watcher;
    browser.runtime.onMessage.addListener((raw: unknown) => {
      const parsed = pageMessageSchema.safeParse(raw);
      if (!parsed.success) return undefined;
      if (parsed.data.type === 'page:read-now') {
        watcher.readNow();
        return Promise.resolve({ ok: true });
      }
      return Promise.resolve(insertText(document, parsed.data.text));
    });
  },
});
