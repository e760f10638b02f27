import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db, type CatalogSource } from '@/lib/db/database';
import { getSettings, readLocal, saveSettings, type Settings } from '@/lib/settings';
import { catalogUrlProblem, normaliseCatalogUrl, originPattern, urlSourceId } from '@/lib/catalog/sources';
import { catalogSyncAnswerSchema, PROGRESS_KEY, syncProgressSchema } from '@/lib/catalog/protocol';
import { importCatalogFile } from '@/lib/catalog/import';
import { removeSource } from '@/lib/catalog/store';
import { plural, type SyncProgress } from '@/lib/catalog/sync';
import { formatBytes } from '@/lib/catalog/parse';
import type { PanelMessage } from '@/lib/messages';
import { SourceList } from './source-list';
import { SettingsForm } from './settings-form';
import { SiteAccess } from './site-access';

type LoadedSettings = Settings & { managed: Partial<Settings> };

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const sourceOrder: Record<CatalogSource['kind'], number> = { policy: 0, url: 1, feed: 2, file: 3, demo: 4 };

function progressLabel(progress: SyncProgress): string {
  switch (progress.phase) {
    case 'downloading':
      return `Downloading the catalog: ${formatBytes(progress.done)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''}`;
    case 'checking':
      return progress.total ? `Checking items: ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}` : 'Reading the catalog…';
    case 'storing':
      return `Storing items: ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`;
  }
}

/** Settings page: catalog sources, sync, file import, and the settings IT may lock. */
export function OptionsApp() {
  const [sources, setSources] = useState<CatalogSource[]>([]);
  const [settings, setSettings] = useState<LoadedSettings | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [granted, setGranted] = useState<Set<string>>(new Set());
  const [url, setUrl] = useState('');
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    const all = await db().sources.toArray();
    all.sort((a, b) => (sourceOrder[a.kind] ?? 9) - (sourceOrder[b.kind] ?? 9) || a.name.localeCompare(b.name));
    setSources(all);
  }, []);
  const refreshGranted = useCallback(async () => {
    const all = await browser.permissions.getAll();
    setGranted(new Set(all.origins ?? []));
  }, []);

  useEffect(() => {
    void refresh();
    void refreshGranted();
    void getSettings().then(setSettings);
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && PROGRESS_KEY in changes) {
        const parsed = syncProgressSchema.safeParse(changes[PROGRESS_KEY]!.newValue ?? null);
        if (parsed.success) setProgress(parsed.data);
        void refresh();
      }
      if (area === 'managed' || area === 'local') void getSettings().then(setSettings).then(refresh);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [refresh, refreshGranted]);

  async function askBackground(sourceId?: string): Promise<string> {
    const message: PanelMessage = { type: 'catalog:sync', sourceId };
    let raw: unknown;
    try {
      raw = await browser.runtime.sendMessage(message);
    } catch {
      // The service worker stopped mid-sync: its transaction was aborted, nothing changed.
      return 'The sync was interrupted (the extension restarted). The catalog cached before is kept; try Sync now again.';
    }
    const answer = catalogSyncAnswerSchema.safeParse(raw);
    if (!answer.success) return 'Sync failed: the extension did not answer. Reload the page and try again.';
    if (!answer.data.outcomes.length) return 'No catalog URL to sync yet: enter one in Catalog URL.';
    return answer.data.outcomes.map((outcome) => outcome.message).join(' ');
  }

  async function run(task: () => Promise<string>) {
    setBusy(true);
    setStatus('Working…');
    try {
      setStatus(await task());
    } catch (error) {
      setStatus(`Something went wrong: ${(error as Error).message}`);
    } finally {
      setProgress(null);
      setBusy(false);
      await refresh();
    }
  }

  function onSync(event: Event) {
    event.preventDefault();
    const value = url.trim();
    if (!value) return void run(() => askBackground());
    const problem = catalogUrlProblem(value);
    if (problem) return setStatus(problem);
    if (settings?.locked) return setStatus('Your IT department manages the catalog URLs: this one cannot be added here.');
    const href = normaliseCatalogUrl(value);
    void run(async () => {
      const local = await readLocal();
      const field = local.feedUrls?.includes(href) ? 'feedUrls' : 'catalogUrls';
      if (!(local[field] ?? []).includes(href)) await saveSettings({ [field]: [...(local[field] ?? []), href] });
      const message = await askBackground(urlSourceId(href));
      setUrl('');
      return message;
    });
  }

  /** The background prepares the matching snapshot, so the next panel opens fast. */
  function catalogChanged() {
    void browser.runtime.sendMessage({ type: 'catalog:changed' } satisfies PanelMessage).catch(() => undefined);
  }

  function importFile(file: File | undefined) {
    if (!file) return;
    void run(async () => {
      const outcome = await importCatalogFile({ database: db(), onProgress: setProgress, yieldEvery: macrotask }, file);
      if (fileInput.current) fileInput.current.value = '';
      catalogChanged();
      return outcome.message;
    });
  }

  function onRemove(source: CatalogSource) {
    void run(async () => {
      if (source.url) {
        const local = await readLocal();
        await saveSettings({
          catalogUrls: (local.catalogUrls ?? []).filter((u) => u !== source.url),
          feedUrls: (local.feedUrls ?? []).filter((u) => u !== source.url),
        });
      }
      await removeSource(db(), source.id);
      catalogChanged();
      return `Removed ${source.name} and its ${plural(source.itemCount, 'item')}.`;
    });
  }

  function onAllow(source: CatalogSource) {
    // permissions.request must run in the click's user gesture: nothing is awaited before it
    // (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/permissions/request).
    const request = browser.permissions.request({ origins: [originPattern(source.url!)] });
    void run(async () => {
      const allowed = await request;
      await refreshGranted();
      if (!allowed) return `Access to ${new URL(source.url!).host} was not granted; the catalog cannot be read without it.`;
      return askBackground(source.id);
    });
  }

  const locked = Boolean(settings?.locked);
  return (
    <main class="options">
      <header class="options__bar">
        <h1 class="brand">Pitchside settings</h1>
        <a href="/insights.html">Insights</a>
      </header>

      <section class="card" aria-labelledby="catalog-heading">
        <h2 class="section-heading" id="catalog-heading">
          Collateral catalog
        </h2>
        <form class="catalog-form" onSubmit={onSync}>
          <label class="field catalog-form__url">
            <span>Catalog URL</span>
            <input
              type="url"
              name="catalogUrl"
              inputMode="url"
              placeholder="https://marketing.example.com/catalog.json"
              value={url}
              readOnly={locked}
              onInput={(event) => setUrl((event.target as HTMLInputElement).value)}
              aria-describedby="catalog-url-help"
            />
          </label>
          <button type="submit" class="button button--primary" disabled={busy}>
            Sync now
          </button>
        </form>
        <p class="muted options__help" id="catalog-url-help">
          {locked
            ? 'Your IT department manages the catalog URLs. Sync now fetches them again.'
            : 'A JSON or CSV catalog, or the RSS/Atom feed of a resources page. With the field empty, Sync now updates every catalog.'}
        </p>

        <div
          class={`dropzone${dragging ? ' dropzone--active' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            importFile(event.dataTransfer?.files[0]);
          }}
        >
          <label class="dropzone__label">
            <span aria-hidden="true">Import catalog file</span>
            <input
              ref={fileInput}
              type="file"
              aria-label="Import catalog file"
              accept=".json,.csv,.tsv,.txt,.xml,application/json,text/csv"
              disabled={busy}
              onChange={(event) => importFile((event.target as HTMLInputElement).files?.[0])}
            />
          </label>
          <p class="muted">or drop a JSON or CSV catalog here</p>
        </div>

        {progress && (
          <div class="progress">
            <label for="catalog-progress">{progressLabel(progress)}</label>
            <progress id="catalog-progress" value={progress.total ? progress.done : undefined} max={progress.total || undefined} />
          </div>
        )}
        <p role="status" class="options__status">
          {status}
        </p>

        <h3 class="section-heading section-heading--minor">Sources</h3>
        <SourceList sources={sources} granted={granted} busy={busy} onRemove={onRemove} onAllow={onAllow} />
      </section>

      {settings && <SettingsForm settings={settings} onSaved={(message) => void getSettings().then(setSettings).then(() => setStatus(message))} />}

      <SiteAccess />
    </main>
  );
}
