import { useState } from 'preact/hooks';
import { clearMyData } from '@/lib/events';
import { t } from '@/components/insights/t';

/** "Clear my data": one button, no confirmation, a status saying plainly what went and what stayed. */
export function ClearData() {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  async function onClear() {
    setBusy(true);
    try {
      await clearMyData();
      setStatus(t('options.cleared'));
    } catch (error) {
      setStatus(t('options.clearFailed', (error as Error).message));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="data-heading">
      <h2 class="section-heading" id="data-heading">
        {t('options.data')}
      </h2>
      <p class="muted options__help" id="clear-help">
        {t('options.dataHelp')}
      </p>
      <p>
        <button type="button" class="button" aria-describedby="clear-help" disabled={busy} onClick={() => void onClear()}>
          {t('options.clear')}
        </button>
      </p>
      <p aria-live="polite" class="options__status">
        {status}
      </p>
    </section>
  );
}
