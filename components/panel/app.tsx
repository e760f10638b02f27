import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { liveQuery } from 'dexie';
import { ProspectCard } from './prospect-card';
import { CrmOffer } from './crm-offer';
import { SuggestionItem } from './suggestion-item';
import { useFollowedTab, useTabState } from './use-tab-state';
import { compactContext, type ProspectContext } from '@/lib/context/schema';
import { db, type ContextEdit } from '@/lib/db/database';
import { loadCatalog, suggest, type CatalogView, type Suggestion } from '@/lib/match';
import { trackedUrl } from '@/lib/share';
import { getSettings } from '@/lib/settings';
import type { PanelMessage, InsertAnswer } from '@/lib/messages';

export interface AppProps {
  /** From `sidepanel.html?tab=<id>`. */
  pinnedTab: number | null;
}

function mergeEdits(context: ProspectContext | undefined, edit: ContextEdit | undefined, url: string): ProspectContext | null {
  if (!context && !edit) return null;
  const base: ProspectContext = context ?? { source: 'manual', url };
  return edit ? compactContext({ ...base, ...edit.fields, source: base.source, url: base.url }) : base;
}

export function App({ pinnedTab }: AppProps) {
  const tabId = useFollowedTab(pinnedTab);
  const tab = useTabState(tabId);
  // Edits, feedback and shares belong to this key: the record id or profile the URL names.
  const recordKey = tab?.recordKey || tab?.url || `manual:${tabId ?? 'panel'}`;
  // Kept with the record they belong to, so nothing of one record shows on the next.
  const [editFor, setEditFor] = useState<{ recordKey: string; edit: ContextEdit | undefined }>({ recordKey: '', edit: undefined });
  const edit = editFor.recordKey === recordKey ? editFor.edit : undefined;
  const [typeFilter, setTypeFilter] = useState('');
  const [shareableOnly, setShareableOnly] = useState(false);
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ recordKey: string; suggestions: Suggestion[] } | null>(null);
  const suggestions = result && result.recordKey === recordKey ? result.suggestions : null;
  const [announcement, setAnnouncement] = useState('');
  const [feedback, setFeedback] = useState<Map<string, boolean>>(new Map());
  const [shares, setShares] = useState<Map<string, number>>(new Map());
  const [trackingTemplate, setTrackingTemplate] = useState('');

  useEffect(() => {
    void getSettings().then((settings) => setTrackingTemplate(settings.trackingTemplate));
  }, []);

  // The catalog, loaded once and again whenever a sync or import lands while the panel is open:
  // Dexie's liveQuery hears writes from the background through BroadcastChannel.
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => db().sources.toArray()).subscribe((sources) => {
      void loadCatalog(db(), sources).then(setCatalog);
    });
    return () => subscription.unsubscribe();
  }, []);
  const itemCount = catalog ? catalog.items.length : null;
  const typeLabels = useMemo(
    () => new Map((catalog?.vocabulary.types ?? []).map((concept) => [concept.id, concept.label])),
    [catalog],
  );

  // The rep's corrections and history for this record.
  useEffect(() => {
    if (!recordKey) return;
    let live = true;
    void Promise.all([
      db().edits.get(recordKey),
      db().feedback.where('recordKey').equals(recordKey).toArray(),
      db().shares.where('recordKey').equals(recordKey).toArray(),
    ]).then(([found, votes, shared]) => {
      if (!live) return;
      setEditFor({ recordKey, edit: found });
      setFeedback(new Map(votes.map((vote) => [vote.itemKey, vote.useful])));
      setShares(new Map(shared.map((share) => [share.itemKey, share.at])));
    });
    return () => {
      live = false;
    };
  }, [recordKey]);

  // A selection search from the context menu fills the search box.
  useEffect(() => {
    if (tab?.query) setQuery(tab.query);
  }, [tab?.query]);

  const context = useMemo(
    () => (tab && tab.status !== 'reading' ? mergeEdits(tab.context, edit, tab.url) : edit ? mergeEdits(undefined, edit, '') : null),
    [tab, edit],
  );

  const generation = useRef(0);
  useEffect(() => {
    const run = ++generation.current;
    if (!catalog || (!context && !query.trim())) {
      setResult(null);
      return;
    }
    const forRecord = recordKey;
    const filters = { types: typeFilter ? [typeFilter] : undefined, shareableOnly };
    const timer = setTimeout(
      () => {
        void suggest(context ?? { source: 'manual', url: '' }, { limit: 10, query, filters, catalog }).then((found) => {
          if (run === generation.current) setResult({ recordKey: forRecord, suggestions: found });
        });
      },
      query ? 120 : 0,
    );
    return () => clearTimeout(timer);
  }, [context, query, typeFilter, shareableOnly, catalog]);

  const announce = (message: string) => {
    setAnnouncement('');
    setTimeout(() => setAnnouncement(message), 10);
  };

  const recordShare = async (suggestion: Suggestion, how: 'copy' | 'insert', url: string) => {
    const at = Date.now();
    await db().shares.add({ recordKey, itemKey: suggestion.item.key, url, at, how });
    setShares((previous) => new Map(previous).set(suggestion.item.key, at));
  };

  const onCopy = async (suggestion: Suggestion) => {
    const url = trackedUrl(suggestion.item, trackingTemplate);
    try {
      await navigator.clipboard.writeText(url);
      announce('Link copied');
      await recordShare(suggestion, 'copy', url);
    } catch {
      announce('Could not copy the link: the browser refused access to the clipboard.');
    }
  };

  const onInsert = async (suggestion: Suggestion) => {
    if (tabId === null) return;
    const url = trackedUrl(suggestion.item, trackingTemplate);
    const message: PanelMessage = { type: 'panel:insert', tabId, text: url };
    const answer = (await browser.runtime.sendMessage(message).catch(() => null)) as InsertAnswer | null;
    if (answer?.inserted) {
      announce('Link inserted');
      await recordShare(suggestion, 'insert', url);
    } else announce(answer?.reason ?? 'No message box is open on this page.');
  };

  const onFeedback = async (suggestion: Suggestion, useful: boolean) => {
    const key = recordKey;
    const itemKey = suggestion.item.key;
    const current = feedback.get(itemKey);
    const next = new Map(feedback);
    if (current === useful) {
      next.delete(itemKey);
      await db().feedback.delete(`${key}\u001f${itemKey}`);
    } else {
      next.set(itemKey, useful);
      await db().feedback.put({ key: `${key}\u001f${itemKey}`, recordKey: key, itemKey, useful, at: Date.now() });
    }
    setFeedback(next);
  };

  const onSaveEdit = async (fields: Partial<ProspectContext>) => {
    const key = recordKey;
    const base = tab?.context;
    const changed: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const before = base?.[field as keyof ProspectContext];
      if (JSON.stringify(before ?? (Array.isArray(value) ? [] : '')) !== JSON.stringify(value)) changed[field] = value;
    }
    const next: ContextEdit = { recordKey: key, fields: changed as Partial<ProspectContext>, updatedAt: Date.now() };
    await db().edits.put(next);
    setEditFor({ recordKey: key, edit: next });
    announce('Prospect saved');
  };

  const toShare = suggestions?.filter((s) => !s.item.internalOnly) ?? [];
  const toPrepare = suggestions?.filter((s) => s.item.internalOnly) ?? [];
  const edited = new Set(Object.keys(edit?.fields ?? {}));
  const canInsert = tab?.status === 'read' && tab.messageBox === true;

  const renderItem = (suggestion: Suggestion, index: number, list: Suggestion[]) => (
    <SuggestionItem
      key={suggestion.item.key}
      suggestion={suggestion}
      typeLabel={suggestion.item.type ? typeLabels.get(suggestion.item.type) ?? suggestion.item.type : null}
      sharedAt={shares.get(suggestion.item.key) ?? null}
      feedback={feedback.get(suggestion.item.key) ?? null}
      canInsert={canInsert}
      top={list === toShare && index < 3}
      onCopy={onCopy}
      onInsert={onInsert}
      onFeedback={onFeedback}
    />
  );

  return (
    <main class="panel">
      <header class="panel__bar">
        <h1 class="brand">Pitchside</h1>
        <a class="panel__settings" href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
          Settings
        </a>
      </header>
      <ProspectCard context={context} edited={edited} status={tab?.status ?? 'none'} onSave={(fields) => void onSaveEdit(fields)} />
      <CrmOffer url={tab?.url} source={tab?.context?.source} />
      <div class="search">
        <input
          type="search"
          class="search__input"
          aria-label="Search collateral"
          placeholder="Search collateral"
          value={query}
          onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
        />
        <div class="filters">
          <label class="filters__field">
            <span>Content type</span>
            <select value={typeFilter} onChange={(event) => setTypeFilter((event.currentTarget as HTMLSelectElement).value)}>
              <option value="">All types</option>
              {[...typeLabels].map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="filters__field">
            <input
              type="checkbox"
              checked={shareableOnly}
              onChange={(event) => setShareableOnly((event.currentTarget as HTMLInputElement).checked)}
            />
            <span>Shareable only</span>
          </label>
        </div>
      </div>
      <section class="suggestions" aria-labelledby="suggestions-heading">
        <h2 id="suggestions-heading" class="section-heading">
          Suggested for this prospect
        </h2>
        {itemCount === 0 && (
          <p class="notice">
            No collateral is cached yet. Add your marketing catalog in{' '}
            <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
              Settings
            </a>
            .
          </p>
        )}
        {suggestions && suggestions.length === 0 && itemCount !== 0 && (
          <p class="muted">Nothing in the catalog fits yet. Try the search box, or correct the prospect.</p>
        )}
        <ul class="suggestions__list" aria-label="Suggestions">
          {toShare.map(renderItem)}
        </ul>
        {toPrepare.length > 0 && (
          <>
            <h3 class="section-heading section-heading--minor">For your preparation (never send)</h3>
            <ul class="suggestions__list" aria-label="Suggestions to prepare">
              {toPrepare.map(renderItem)}
            </ul>
          </>
        )}
      </section>
      <p class="announcer" role="status" aria-live="polite">
        {announcement}
      </p>
    </main>
  );
}
