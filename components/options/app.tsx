import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db, type CatalogSource } from '@/lib/db/database';
import { getSettings, readLocal, saveSettings, type Settings } from '@/lib/settings';
import { catalogUrlIssue, normaliseCatalogUrl, originPattern, urlSourceId } from '@/lib/catalog/sources';
import { catalogSyncAnswerSchema, PROGRESS_KEY, syncProgressSchema } from '@/lib/catalog/protocol';
import { holdAliveLock, importMarked, MAX_ATTEMPTS, newInstanceId, readMarks } from '@/lib/background/interrupted';
import { cacheStaging } from '@/lib/catalog/staged';
import { removeSource } from '@/lib/catalog/store';
import type { SyncProgress } from '@/lib/catalog/sync';
import { formatBytes } from '@/lib/catalog/parse';
import { english } from '@/lib/catalog/messages';
import { lowStorageSpace } from '@/lib/storage-space';
import type { PanelMessage } from '@/lib/messages';
import { SourceList } from './source-list';
import { SettingsForm } from './settings-form';
import { SiteAccess } from './site-access';
import { TeamReporting } from './team-reporting';
import { ClearData } from './clear-data';
import { catalogText, t, uiLocale } from '@/lib/i18n';
import { nextTask } from '@/lib/next-task';

type LoadedSettings = Settings & { managed: Partial<Settings> };

/** This page's imports are marked with this id; its Web Lock says the page still lives. */
const PAGE = newInstanceId();

/** How often an importing page tells the background it still imports (an idle worker stops after 30 s). */
const IMPORTING_EVERY_MS = 10_000;

const sourceOrder: Record<CatalogSource['kind'], number> = { policy: 0, url: 1, feed: 2, file: 3, demo: 4 };

const count = (n: number) => n.toLocaleString(uiLocale());

function progressLabel(progress: SyncProgress): string {
  switch (progress.phase) {
    case 'downloading':
      return progress.total
        ? t('options.downloadingOf', { done: formatBytes(progress.done), total: formatBytes(progress.total) })
        : t('options.downloading', { done: formatBytes(progress.done) });
    case 'checking':
      return progress.total ? t('options.checking', { done: count(progress.done), total: count(progress.total) }) : t('options.readingCatalog');
    case 'storing':
      return t('options.storing', { done: count(progress.done), total: count(progress.total) });
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

  useEffect(() => {
    holdAliveLock(PAGE);
    // An import whose page was closed mid-way is the background's to redo (from the copy staged
    // before it began) or to give up: this page says what became of it, and waits meanwhile.
    void readMarks(browser.storage.local)
      .then((marks) => {
        if (marks.some((mark) => mark.kind === 'import' && mark.by !== PAGE)) void run(recoverImports);
      })
      .catch(() => undefined);
  }, []);

  /** What the background did with imports left unfinished; '' when nothing is to be told. */
  async function recoverImports(): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let raw: unknown;
      try {
        raw = await browser.runtime.sendMessage({ type: 'catalog:recover' } satisfies PanelMessage);
      } catch {
        continue;
      }
      const answer = catalogSyncAnswerSchema.safeParse(raw);
      if (answer.success) return answer.data.outcomes.map((outcome) => catalogText(outcome.messageI18n, outcome.message)).join(' ');
    }
    return '';
  }

  async function askBackground(sourceId?: string): Promise<string> {
    const message: PanelMessage = { type: 'catalog:sync', sourceId };
    const since = Date.now();
    let raw: unknown;
    try {
      raw = await browser.runtime.sendMessage(message);
    } catch {
      // The service worker stopped mid-sync: its transaction was aborted, nothing changed. A
      // full disk is the usual reason (Chromium stops a worker whose write cannot be stored):
      // then a redo now would fail the same way, and the next worker start tries it.
      const free = await lowStorageSpace();
      return free === null ? resumeSync(since) : t('options.syncDiskFull', { free: formatBytes(free) });
    }
    const answer = catalogSyncAnswerSchema.safeParse(raw);
    if (!answer.success) return t('options.syncNoAnswer');
    if (!answer.data.outcomes.length) return t('options.nothingToSync');
    return answer.data.outcomes.map((outcome) => catalogText(outcome.messageI18n, outcome.message)).join(' ');
  }

  /**
   * Asks the next worker (the message starts it) what it did with the sync the stopped one left:
   * redone once, or given up after a second interruption. A worker stopped again while redoing
   * is asked once more, and its successor gives the sync up: this never loops.
   */
  async function resumeSync(since: number): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let raw: unknown;
      try {
        raw = await browser.runtime.sendMessage({ type: 'catalog:resume', since } satisfies PanelMessage);
      } catch {
        continue;
      }
      const answer = catalogSyncAnswerSchema.safeParse(raw);
      if (!answer.success || !answer.data.outcomes.length) break;
      return t('redo.redone', { outcome: answer.data.outcomes.map((outcome) => outcome.message).join(' ') });
    }
    return t('options.syncInterrupted');
  }

  async function run(task: () => Promise<string>) {
    setBusy(true);
    setStatus(t('options.working'));
    try {
      setStatus(await task());
    } catch (error) {
      setStatus(t('options.somethingWrong', { error: (error as Error).message }));
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
    const problem = catalogUrlIssue(value);
    if (problem) return setStatus(catalogText(problem, english(problem)));
    if (settings?.locked) return setStatus(t('options.urlManaged'));
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

  /**
   * The background prepares the matching snapshot, so the next panel opens fast, and first drops
   * the panels' ready suggestions that hold items of a source no longer cached.
   */
  function catalogChanged() {
    void browser.runtime.sendMessage({ type: 'catalog:changed' } satisfies PanelMessage).catch(() => undefined);
  }

  function importFile(file: File | undefined) {
    if (!file) return;
    void run(async () => {
      // Should this page close before the end, the background redoes the import from the staged copy.
      const importing = () => void browser.runtime.sendMessage({ type: 'catalog:importing', by: PAGE } satisfies PanelMessage).catch(() => undefined);
      importing();
      const timer = setInterval(importing, IMPORTING_EVERY_MS);
      try {
        const outcome = await importMarked(
          { area: browser.storage.local, staging: cacheStaging(), by: PAGE },
          { database: db(), onProgress: setProgress, yieldEvery: nextTask },
          file,
        );
        if (fileInput.current) fileInput.current.value = '';
        catalogChanged();
        return catalogText(outcome.messageI18n, outcome.message);
      } finally {
        clearInterval(timer);
      }
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
      return t('options.removed', { name: source.name, items: t('options.items', source.itemCount) });
    });
  }

  function onAllow(source: CatalogSource) {
    // permissions.request must run in the click's user gesture: nothing is awaited before it
    // (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/permissions/request).
    const request = browser.permissions.request({ origins: [originPattern(source.url!)] });
    void run(async () => {
      const allowed = await request;
      await refreshGranted();
      if (!allowed) return t('options.accessRefused', { host: new URL(source.url!).host });
      return askBackground(source.id);
    });
  }

  const locked = Boolean(settings?.locked);
  return (
    <main class="options">
      <header class="options__bar">
        <h1 class="brand">{t('options.title')}</h1>
        <a href="/insights.html">{t('options.insightsLink')}</a>
      </header>

      <section class="card" aria-labelledby="catalog-heading">
        <h2 class="section-heading" id="catalog-heading">
          {t('options.catalogHeading')}
        </h2>
        <form class="catalog-form" onSubmit={onSync}>
          <label class="field catalog-form__url">
            <span>{t('options.catalogUrl')}</span>
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
            {t('options.syncNow')}
          </button>
        </form>
        <p class="muted options__help" id="catalog-url-help">
          {locked ? t('options.helpLocked') : t('options.help')}
        </p>

        <fieldset
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
            <span aria-hidden="true">{t('options.importFile')}</span>
            <input
              ref={fileInput}
              type="file"
              aria-label={t('options.importFile')}
              accept=".json,.csv,.tsv,.txt,.xml,application/json,text/csv"
              disabled={busy}
              onChange={(event) => importFile((event.target as HTMLInputElement).files?.[0])}
            />
          </label>
          <p class="muted">{t('options.dropHint')}</p>
        </fieldset>

        {progress && (
          <div class="progress">
            <label for="catalog-progress">{progressLabel(progress)}</label>
            <progress id="catalog-progress" value={progress.total ? progress.done : undefined} max={progress.total || undefined} />
          </div>
        )}
        <p role="status" class="options__status">
          {status}
        </p>

        <h3 class="section-heading section-heading--minor">{t('options.sourcesHeading')}</h3>
        <SourceList sources={sources} granted={granted} busy={busy} onRemove={onRemove} onAllow={onAllow} />
      </section>

      {settings && (
        <SettingsForm
          settings={settings}
          onSaved={(message) =>
            void getSettings()
              .then(setSettings)
              .then(() => setStatus(message))
          }
        />
      )}

      <SiteAccess />
      <TeamReporting />
      <ClearData />
    </main>
  );
}
