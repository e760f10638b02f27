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
import { t } from '@/components/insights/t';

const LOCAL_HOSTS = ['localhost', '127.0.0.1'];
const time = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

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
    const access = LOCAL_HOSTS.includes(url.hostname) ? Promise.resolve(true) : browser.permissions.request({ origins: [`https://${url.hostname}/*`] }).catch(() => false);
    void access.then(async (granted) => {
      await saveReportingSettings({ endpoint: url.href, writeKey: writeKey.trim() });
      setMessage(granted ? t('options.reportingSaved', url.host) : t('options.reportingNoAccess', url.host));
      void browser.runtime.sendMessage({ type: FLUSH_MESSAGE }).catch(() => undefined);
    });
  }

  async function onOff() {
    await saveReportingSettings({ endpoint: '', writeKey: '' });
    await db().outbox.clear();
    setEndpoint('');
    setWriteKey('');
    setMessage(t('options.reportingTurnedOff'));
  }

  if (!settings) return null;
  const managed = settings.managed.endpoint;
  return (
    <section class="card" aria-labelledby="reporting-heading">
      <h2 class="section-heading" id="reporting-heading">
        {t('options.reporting')}
      </h2>
      <p>{t('options.reportingIntro')}</p>
      <p class="muted options__help">{settings.includeProspectIdentities ? t('options.identitiesOn') : t('options.identitiesOff')}</p>
      {managed ? (
        <p class="notice">{t('options.reportingManaged', settings.endpoint)}</p>
      ) : (
        <form class="settings-form" onSubmit={onSave}>
          <label class="field">
            <span>{t('options.reportingEndpoint')}</span>
            <input type="url" name="reportingEndpoint" inputMode="url" placeholder="https://collect.example.com/v1/batch" value={endpoint} onInput={(e) => setEndpoint((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t('options.reportingKey')}</span>
            <input type="password" name="reportingWriteKey" autocomplete="off" value={writeKey} aria-describedby="write-key-help" onInput={(e) => setWriteKey((e.target as HTMLInputElement).value)} />
          </label>
          <p class="muted options__help" id="write-key-help">
            {t('options.reportingKeyHelp')}
          </p>
          <div style={{ display: 'flex', gap: '8px' }}>
            <button type="submit" class="button">
              {t('options.reportingSave')}
            </button>
            {settings.endpoint && (
              <button type="button" class="button button--quiet" onClick={() => void onOff()}>
                {t('options.reportingOff')}
              </button>
            )}
          </div>
        </form>
      )}
      {settings.endpoint && status && (
        <ul class="muted options__help" aria-label={t('options.reporting')}>
          <li>{t('options.reportingQueued', queued)}</li>
          {status.lastSentAt && <li>{t('options.reportingLastSent', time(status.lastSentAt), status.sent)}</li>}
          {status.lastError && status.nextAttemptAt && <li>{t('options.reportingFailed', status.lastError, time(status.nextAttemptAt))}</li>}
          {status.dropped > 0 && <li>{t('options.reportingDropped', status.dropped)}</li>}
        </ul>
      )}
      <p aria-live="polite" class="options__status">
        {message}
      </p>
    </section>
  );
}
