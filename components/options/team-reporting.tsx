import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { db } from '@/lib/db/database';
import { FLUSH_MESSAGE } from '@/lib/reporting/queue';
import {
  endpointProblem,
  getReportingSettings,
  getReportingStatus,
  LOCAL_KEY,
  saveReportingSettings,
  STATUS_KEY,
  type ReportingSettings,
  type ReportingStatus,
} from '@/lib/reporting/settings';
import { t, uiLocale } from '@/lib/i18n';

const LOCAL_HOSTS = ['localhost', '127.0.0.1'];
const time = (at: number) => new Date(at).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });
/** The sender stores what went wrong as a code or an HTTP status, so each language words it. */
const errorText = (error: string) => (error === 'unreachable' ? t('reporting.unreachable') : error === 'timeout' ? t('reporting.timeout') : error);

/** Team reporting: the endpoint (the rep's, or IT's read-only), the write key, and how delivery goes. */
export function TeamReporting() {
  const [settings, setSettings] = useState<ReportingSettings | null>(null);
  const [status, setStatus] = useState<ReportingStatus | null>(null);
  const [queued, setQueued] = useState(0);
  const [endpoint, setEndpoint] = useState('');
  const [writeKey, setWriteKey] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    const load = () =>
      void Promise.all([getReportingSettings(), getReportingStatus()]).then(([s, st]) => {
        setSettings(s);
        setStatus(st);
        setEndpoint((current) => current || (s.managed.endpoint ? '' : s.endpoint));
      });
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'managed' || (area === 'local' && (LOCAL_KEY in changes || STATUS_KEY in changes))) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    const subscription = liveQuery(() => db().outbox.count()).subscribe({ next: setQueued, error: () => undefined });
    return () => {
      browser.storage.onChanged.removeListener(onChanged);
      subscription.unsubscribe();
    };
  }, []);

  function onSave(event: Event) {
    event.preventDefault();
    const value = endpoint.trim();
    const problem = endpointProblem(value);
    if (problem) return setMessage(problem);
    const url = new URL(value);
    // The permission prompt must open within the click, before anything is awaited. With host
    // access the background's POST needs no CORS headers from the endpoint.
    const access = LOCAL_HOSTS.includes(url.hostname)
      ? Promise.resolve(true)
      : browser.permissions.request({ origins: [`https://${url.hostname}/*`] }).catch(() => false);
    void access.then(async (granted) => {
      await saveReportingSettings({ endpoint: url.href, writeKey: writeKey.trim() });
      setMessage(granted ? t('reporting.saved', { host: url.host }) : t('reporting.noAccess', { host: url.host }));
      void browser.runtime.sendMessage({ type: FLUSH_MESSAGE }).catch(() => undefined);
    });
  }

  async function onOff() {
    await saveReportingSettings({ endpoint: '', writeKey: '' });
    await db().outbox.clear();
    setEndpoint('');
    setWriteKey('');
    setMessage(t('reporting.turnedOff'));
  }

  if (!settings) return null;
  const managed = settings.managed.endpoint;
  return (
    <section class="card" aria-labelledby="reporting-heading">
      <h2 class="section-heading" id="reporting-heading">
        {t('reporting.heading')}
      </h2>
      <p>{t('reporting.intro')}</p>
      <p class="muted options__help">{settings.includeProspectIdentities ? t('reporting.identitiesOn') : t('reporting.identitiesOff')}</p>
      {managed ? (
        <p class="notice">{t('reporting.managed', { endpoint: settings.endpoint })}</p>
      ) : (
        <form class="settings-form" onSubmit={onSave}>
          <label class="field">
            <span>{t('reporting.endpoint')}</span>
            <input
              type="url"
              name="reportingEndpoint"
              inputMode="url"
              placeholder="https://collect.example.com/v1/batch"
              value={endpoint}
              onInput={(e) => setEndpoint((e.target as HTMLInputElement).value)}
            />
          </label>
          <label class="field">
            <span>{t('reporting.key')}</span>
            <input
              type="password"
              name="reportingWriteKey"
              autocomplete="off"
              value={writeKey}
              aria-describedby="write-key-help"
              onInput={(e) => setWriteKey((e.target as HTMLInputElement).value)}
            />
          </label>
          <p class="muted options__help" id="write-key-help">
            {t('reporting.keyHelp')}
          </p>
          <div style={{ display: 'flex', gap: '8px' }}>
            <button type="submit" class="button">
              {t('reporting.save')}
            </button>
            {settings.endpoint && (
              <button type="button" class="button button--quiet" onClick={() => void onOff()}>
                {t('reporting.off')}
              </button>
            )}
          </div>
        </form>
      )}
      {settings.endpoint && status && (
        <ul class="muted options__help" aria-label={t('reporting.heading')}>
          <li>{t('reporting.queued', queued)}</li>
          {status.lastSentAt && <li>{t('reporting.lastSent', { time: time(status.lastSentAt), count: status.sent.toLocaleString(uiLocale()) })}</li>}
          {status.lastError && status.nextAttemptAt && (
            <li>{t('reporting.failed', { error: errorText(status.lastError), time: time(status.nextAttemptAt) })}</li>
          )}
          {status.dropped > 0 && <li>{t('reporting.dropped', status.dropped)}</li>}
        </ul>
      )}
      <p aria-live="polite" class="options__status">
        {message}
      </p>
    </section>
  );
}
