import { useEffect, useState } from 'preact/hooks';
import { knownCrmForUrl } from '@/lib/context/sites/crm-hosts';
import { acceptCrmOffer, answerCrmOffer, shouldOfferCrm } from '@/lib/background/site-access';

export interface CrmOfferProps {
  /** The page the panel follows, and the reader that read it. */
  url: string | undefined;
  source: string | undefined;
}

/**
 * After a toolbar click read a known SaaS CRM (Pipedrive, Zoho CRM, Odoo…), offers once to read
 * it automatically from now on. The host permission is requested only when the rep clicks yes;
 * either answer is remembered, so the offer never comes back for that CRM.
 */
export function CrmOffer({ url, source }: CrmOfferProps) {
  const crm = url ? knownCrmForUrl(url) : null;
  const relevant = crm !== null && crm.name === source;
  const [shown, setShown] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    setShown(false);
    if (!relevant || !crm) return;
    let live = true;
    void shouldOfferCrm(crm)
      .then((yes) => live && setShown(yes))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [relevant, crm?.name]);

  if (done)
    return (
      <p class="crm-offer" role="status">
        {done}
      </p>
    );
  if (!shown || !crm) return null;
  const accept = () => {
    void acceptCrmOffer(crm).then((granted) => {
      setShown(false);
      setDone(granted ? `Pitchside now reads ${crm.label} records as you open them.` : `${crm.label} stays read on a toolbar click only.`);
    });
  };
  const decline = () => {
    void answerCrmOffer(crm.name, 'declined').then(() => setShown(false));
  };
  return (
    <section class="crm-offer" aria-label={`Read ${crm.label} automatically`}>
      <p>Read {crm.label} records automatically as you open them, without a toolbar click?</p>
      <button type="button" onClick={accept}>
        Read {crm.label} automatically
      </button>{' '}
      <button type="button" onClick={decline}>
        Not now
      </button>
    </section>
  );
}
