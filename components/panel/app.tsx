import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ProspectCard } from './prospect-card';
import { CrmOffer } from './crm-offer';
import { SuggestionList } from './suggestion-list';
import { FeedbackBar, type LastVote } from './feedback-bar';
import { useFollowedTab, useReadySuggestions, useTabState } from './use-tab-state';
import { useCatalog } from './use-catalog';
import { useRecordHistory } from './use-record-history';
import { useSuggestions } from './use-suggestions';
import { useBrowse } from './use-browse';
import type { ProspectContext } from '@/lib/context/schema';
import type { Share } from '@/lib/db/database';
import type { Suggestion } from '@/lib/match';
import type { ActionContext } from '@/lib/records';
import { mergeEdits } from '@/lib/context/merge';
import { shareMessage, trackedUrl, webmailHost } from '@/lib/share';
import { panelData } from './lazy';
import { askBackground } from '@/lib/messages';
import { markRecordsChanged, RECORDS_CHANGED_MESSAGE } from '@/lib/ready';
import { t } from '@/lib/i18n';

export interface AppProps {
  /** From `sidepanel.html?tab=<id>`. */
  pinnedTab: number | null;
  /** The tab to show first: the pinned one, or the active tab of the panel's window when it opened. */
  initialTab?: number | null;
}

export function App({ pinnedTab, initialTab = pinnedTab }: AppProps) {
  const tabId = useFollowedTab(pinnedTab, initialTab);
  const tab = useTabState(tabId);
  // Edits, feedback and shares belong to this key: the record id or profile the URL names.
  const recordKey = tab?.recordKey || tab?.url || `manual:${tabId ?? 'panel'}`;
  const { catalog, typeLabels } = useCatalog();
  const { history, votes, topShared } = useRecordHistory(recordKey);
  const edit = history?.edit;
  const [typeFilter, setTypeFilter] = useState('');
  const [shareableOnly, setShareableOnly] = useState(false);
  const [query, setQuery] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [lastVote, setLastVote] = useState<LastVote | null>(null);
  const [trackingTemplate, setTrackingTemplate] = useState<string | undefined>(undefined);

  useEffect(() => {
    void panelData()
      .then(({ getSettings }) => getSettings())
      .then((settings) => setTrackingTemplate(settings.trackingTemplate));
  }, []);

  // A selection search from the context menu fills the search box.
  useEffect(() => {
    if (tab?.query) setQuery(tab.query);
  }, [tab?.query]);
  // A vote's Undo belongs to the record it was cast on.
  useEffect(() => setLastVote(null), [recordKey]);

  const context = useMemo(
    () => (tab && tab.status !== 'reading' ? mergeEdits(tab.context, edit, tab.url) : edit ? mergeEdits(undefined, edit, '') : null),
    [tab, edit],
  );
  const ranked = useSuggestions({ recordKey, context, catalog, votes, query, typeFilter, shareableOnly });
  // Until the panel's own ranking is there: the one the background made when it read the page
  // (lib/ready.ts), from the same function and inputs, so the first paint already has the list.
  const ready = useReadySuggestions(tabId, tab);
  const early = !ranked && ready && !query.trim() && !typeFilter && !shareableOnly ? ready : null;
  const suggestions = ranked ?? early?.suggestions ?? null;
  // For the bench's phases and the end-to-end test: the list was on screen before the panel's own.
  const showedEarly = early !== null;
  useEffect(() => {
    if (showedEarly) performance.mark('pitchside:ready-shown');
  }, [showedEarly]);
  // The database code is loaded after the first paint (./lazy.ts); by the first click it is there.
  const withData = async () => {
    const data = await panelData();
    const action: ActionContext = { database: data.db(), recordKey, context, catalog };
    return { ...data, action };
  };

  // What was shown: one impression per record and item (lib/events.ts keeps them apart by day).
  // Counted from the panel's own ranking, which the early list gives way to.
  useEffect(() => {
    if (ranked?.length && context) void withData().then(({ recordImpressions, action }) => recordImpressions(action, ranked));
  }, [ranked]);

  const announce = (message: string) => {
    setAnnouncement('');
    setTimeout(() => setAnnouncement(message), 10);
  };

  const linkOf = (suggestion: Suggestion) => trackedUrl(suggestion.item, trackingTemplate);

  const copy = async (suggestion: Suggestion, text: string, how: Share['how'], done: string) => {
    try {
      await navigator.clipboard.writeText(text);
      announce(done);
      const { recordShare, action } = await withData();
      await recordShare(action, suggestion.item, linkOf(suggestion), how);
    } catch {
      announce(t('panel.copyFailed'));
    }
  };
  const onCopy = (suggestion: Suggestion) => void copy(suggestion, linkOf(suggestion), 'copy', t('panel.linkCopied'));
  const onCopyMessage = (suggestion: Suggestion) =>
    void copy(suggestion, shareMessage(suggestion.item, linkOf(suggestion)), 'copy-with-message', t('share.messageCopied'));

  const mailHost = webmailHost(tab?.url);
  const onInsert = (suggestion: Suggestion) => {
    if (tabId === null) return;
    const url = linkOf(suggestion);
    // Web mail is granted host by host, the first time the rep inserts there: the request must
    // be made within the click, before anything is awaited (permissions.request needs the gesture).
    const allowed = mailHost ? browser.permissions.request({ origins: [`https://${mailHost}/*`] }) : Promise.resolve(true);
    void (async () => {
      if (!(await allowed.catch(() => false))) {
        await copy(suggestion, url, 'copy', t('share.mailAccessRefused', { host: mailHost ?? '' }));
        return;
      }
      const answer = await askBackground({ type: 'panel:insert', tabId, text: url }, (message) => browser.runtime.sendMessage(message));
      if (answer?.inserted) {
        announce(t('panel.linkInserted'));
        const { recordShare, action } = await withData();
        await recordShare(action, suggestion.item, url, 'insert');
      } else await copy(suggestion, url, 'copy', t('share.copiedInstead'));
    })();
  };

  // A vote or an edit changes the ranking: lists the background made before it is written no
  // longer hold (lib/ready.ts). Marked once it is written, so a list made meanwhile is void too.
  const changed = () => void markRecordsChanged(browser.storage.session, { tell: () => browser.runtime.sendMessage(RECORDS_CHANGED_MESSAGE) });
  const onFeedback = async (suggestion: Suggestion, useful: boolean) => {
    const current = history?.votes.get(suggestion.item.key);
    const { vote, undoVote, action } = await withData();
    if (current?.useful === useful) {
      await undoVote(action, suggestion.item);
      changed();
      setLastVote(null);
      announce(t('feedback.undone'));
      return;
    }
    await vote(action, suggestion.item, useful);
    changed();
    setLastVote({ recordKey, item: suggestion.item, useful });
    announce(useful ? t('feedback.markedUseful', { title: suggestion.item.title }) : t('feedback.markedNotUseful', { title: suggestion.item.title }));
  };
  const onUndo = async () => {
    if (!lastVote) return;
    const { undoVote, action } = await withData();
    await undoVote(action, lastVote.item);
    changed();
    setLastVote(null);
    announce(t('feedback.undone'));
  };
  const onReason = async (reason: string) => {
    if (!lastVote) return;
    const { vote, action } = await withData();
    await vote(action, lastVote.item, lastVote.useful, reason);
    changed();
    setLastVote(null);
    announce(t('feedback.reasonSaved'));
  };

  const onSaveEdit = async (fields: Partial<ProspectContext>) => {
    const { saveEdit, db } = await panelData();
    await saveEdit(db(), recordKey, tab?.context, fields);
    changed();
    announce(t('panel.prospectSaved'));
  };

  // Without a prospect or a search: the catalog's newest items and the ones this rep shares most.
  const browsing = !context && !query.trim() && catalog !== null && catalog.items.length > 0;
  const browse = useBrowse(browsing, catalog, topShared);

  const toShare = suggestions?.filter((s) => !s.item.internalOnly) ?? [];
  const toPrepare = suggestions?.filter((s) => s.item.internalOnly) ?? [];
  const edited = new Set(Object.keys(edit?.fields ?? {}));
  const canInsert = (tab?.status === 'read' && tab.messageBox === true) || mailHost !== null;
  const itemCount = catalog ? catalog.items.length : null;
  const listProps = {
    typeLabels: catalog || !early ? typeLabels : new Map(early.typeLabels),
    shares: history?.shares ?? new Map<string, number>(),
    votes: history?.votes ?? new Map(),
    canInsert,
    onCopy,
    onCopyMessage,
    onInsert,
    onFeedback: (s: Suggestion, useful: boolean) => void onFeedback(s, useful),
  };

  return (
    <main class="panel">
      <header class="panel__bar">
        <h1 class="brand">Pitchside</h1>
        <a class="panel__settings" href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
          {t('panel.settings')}
        </a>
      </header>
      <ProspectCard context={context} edited={edited} status={tab?.status ?? 'none'} onSave={(fields) => void onSaveEdit(fields)} />
      <CrmOffer url={tab?.url} source={tab?.context?.source} />
      <div class="search">
        <input
          type="search"
          class="search__input"
          aria-label={t('panel.searchLabel')}
          placeholder={t('panel.searchLabel')}
          value={query}
          onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
        />
        <div class="filters">
          <label class="filters__field">
            <span>{t('panel.typeFilter')}</span>
            <select value={typeFilter} onChange={(event) => setTypeFilter((event.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('panel.allTypes')}</option>
              {[...typeLabels].map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="filters__field">
            <input type="checkbox" checked={shareableOnly} onChange={(event) => setShareableOnly((event.currentTarget as HTMLInputElement).checked)} />
            <span>{t('panel.shareableOnly')}</span>
          </label>
        </div>
      </div>
      {lastVote && lastVote.recordKey === recordKey && (
        <FeedbackBar vote={lastVote} onUndo={() => void onUndo()} onReason={(reason) => void onReason(reason)} onClose={() => setLastVote(null)} />
      )}
      {browse ? (
        <section class="suggestions" aria-labelledby="suggestions-heading">
          <h2 id="suggestions-heading" class="section-heading">
            {t('browse.heading')}
          </h2>
          <p class="muted">{t('browse.hint')}</p>
          {browse.shared.length > 0 && (
            <>
              <h3 class="section-heading section-heading--minor">{t('browse.mostShared')}</h3>
              <SuggestionList {...listProps} label={`${t('panel.suggestionsList')}: ${t('browse.mostShared')}`} suggestions={browse.shared} />
            </>
          )}
          <h3 class="section-heading section-heading--minor">{t('browse.newest')}</h3>
          <SuggestionList {...listProps} label={`${t('panel.suggestionsList')}: ${t('browse.newest')}`} suggestions={browse.newest} />
        </section>
      ) : (
        <section class="suggestions" aria-labelledby="suggestions-heading">
          <h2 id="suggestions-heading" class="section-heading">
            {t('panel.suggestedHeading')}
          </h2>
          {itemCount === 0 && (
            <p class="notice">
              {t('panel.noCatalog')}{' '}
              <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
                {t('panel.openSettings')}
              </a>
            </p>
          )}
          {suggestions && suggestions.length === 0 && itemCount !== 0 && <p class="muted">{t('panel.nothingFits')}</p>}
          <SuggestionList {...listProps} label={t('panel.suggestionsList')} suggestions={toShare} top={3} />
          {toPrepare.length > 0 && (
            <>
              <h3 class="section-heading section-heading--minor">{t('panel.prepareHeading')}</h3>
              <SuggestionList {...listProps} label={t('panel.prepareList')} suggestions={toPrepare} />
            </>
          )}
        </section>
      )}
      <p class="muted panel__hint">{t('share.keyboardHint')}</p>
      <p class="announcer" role="status" aria-live="polite">
        {announcement}
      </p>
    </main>
  );
}
