import { useState } from 'preact/hooks';
import { clearMyData } from '@/lib/events';
import { t } from '@/lib/i18n';
import { markRecordsChanged, RECORDS_CHANGED_MESSAGE } from '@/lib/ready';
import { browser } from 'wxt/browser';

/** "Clear my data": one button, no confirmation, a status saying plainly what went and what stayed. */
export function ClearData() {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  async function onClear() {
    setBusy(true);
    try {
      await clearMyData();
      // Suggestions the background made ready may give reasons from the votes just removed.
      await markRecordsChanged(browser.storage.session, { tell: () => browser.runtime.sendMessage(RECORDS_CHANGED_MESSAGE) });
      setStatus(t('data.cleared'));
    } catch (error) {
      setStatus(t('data.failed', { error: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="data-heading">
      <h2 class="section-heading" id="data-heading">
        {t('data.heading')}
      </h2>
      <p class="muted options__help" id="clear-help">
        {t('data.help')}
      </p>
      <p>
        <button type="button" class="button" aria-describedby="clear-help" disabled={busy} onClick={() => void onClear()}>
          {t('data.clear')}
        </button>
      </p>
      <p aria-live="polite" class="options__status">
        {status}
      </p>
    </section>
  );
}
