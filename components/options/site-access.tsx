import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { GRANTED_SITES_KEY, getGrantedSites, setGrantedSites, sitePattern } from '@/lib/context/granted-sites';

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
      setMessage('Enter a site such as crm.example.com (https only, or localhost).');
      return;
    }
    // The permission prompt must open within the click, before anything else is awaited.
    void browser.permissions.request({ origins: [pattern] }).then(
      async (granted) => {
        if (!granted) {
          setMessage(`Access to ${pattern} was not granted.`);
          return;
        }
        await setGrantedSites([...(await getGrantedSites()), pattern]);
        setSite('');
        setMessage(`Pitchside now reads ${pattern}.`);
      },
      (error: unknown) => setMessage(`Could not ask for access: ${(error as Error).message}`),
    );
  }

  async function remove(pattern: string) {
    await setGrantedSites((await getGrantedSites()).filter((p) => p !== pattern));
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    setMessage(`Pitchside no longer reads ${pattern}.`);
  }

  return (
    <section class="card" aria-labelledby="site-access-heading">
      <h2 class="section-heading" id="site-access-heading">Sites Pitchside reads</h2>
      <p>
        LinkedIn, Salesforce, HubSpot and Dynamics 365 are read automatically. Add your own CRM's address so Pitchside reads
        its record pages too; anywhere else, click the Pitchside button to read the page.
      </p>
      <form onSubmit={grant} style={{ display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' }}>
        <label class="field">
          <span>Site to read</span>
          <input name="site" type="text" placeholder="crm.example.com" value={site} onInput={(e) => setSite((e.target as HTMLInputElement).value)} />
        </label>
        <button class="button" type="submit">
          Grant access
        </button>
      </form>
      {sites.length > 0 && (
        <ul aria-label="Sites Pitchside reads" style={{ listStyle: 'none', padding: 0 }}>
          {sites.map((pattern) => (
            <li key={pattern} style={{ display: 'flex', gap: '8px', alignItems: 'center' }}>
              <span>{pattern}</span>
              <button class="button button--quiet" type="button" onClick={() => void remove(pattern)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <p aria-live="polite">{message}</p>
    </section>
  );
}
