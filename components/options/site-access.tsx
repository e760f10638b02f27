import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { GRANTED_SITES_KEY, getGrantedSites, setGrantedSites, sitePattern } from '@/lib/context/granted-sites';
import { t } from '@/lib/i18n';

/** "Sites Pitchside reads": grant a further domain (a self-hosted CRM), list and remove them. */
export function SiteAccess() {
  const [sites, setSites] = useState<string[]>([]);
  const [site, setSite] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    const load = () => void getGrantedSites().then(setSites);
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && GRANTED_SITES_KEY in changes) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  function grant(event: Event) {
    event.preventDefault();
    const pattern = sitePattern(site);
    if (!pattern) {
      setMessage(t('options.siteInvalid'));
      return;
    }
    // The permission prompt must open within the click, before anything else is awaited.
    void browser.permissions.request({ origins: [pattern] }).then(
      async (granted) => {
        if (!granted) {
          setMessage(t('options.siteRefused', { site: pattern }));
          return;
        }
        await setGrantedSites([...(await getGrantedSites()), pattern]);
        setSite('');
        setMessage(t('options.siteGranted', { site: pattern }));
      },
      (error: unknown) => setMessage(t('options.siteAskFailed', { error: (error as Error).message })),
    );
  }

  async function remove(pattern: string) {
    await setGrantedSites((await getGrantedSites()).filter((p) => p !== pattern));
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    setMessage(t('options.siteRemoved', { site: pattern }));
  }

  return (
    <section class="card" aria-labelledby="site-access-heading">
      <h2 class="section-heading" id="site-access-heading">
        {t('options.sitesHeading')}
      </h2>
      <p>{t('options.sitesIntro')}</p>
      <form onSubmit={grant} style={{ display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' }}>
        <label class="field">
          <span>{t('options.siteToRead')}</span>
          <input name="site" type="text" placeholder="crm.example.com" value={site} onInput={(e) => setSite((e.target as HTMLInputElement).value)} />
        </label>
        <button class="button" type="submit">
          {t('options.grantAccess')}
        </button>
      </form>
      {sites.length > 0 && (
        <ul aria-label={t('options.sitesHeading')} style={{ listStyle: 'none', padding: 0 }}>
          {sites.map((pattern) => (
            <li key={pattern} style={{ display: 'flex', gap: '8px', alignItems: 'center' }}>
              <span>{pattern}</span>
              <button class="button button--quiet" type="button" onClick={() => void remove(pattern)}>
                {t('options.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p aria-live="polite">{message}</p>
    </section>
  );
}
