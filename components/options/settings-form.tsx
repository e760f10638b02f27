import { useEffect, useState } from 'preact/hooks';
import { saveSettings, type Settings } from '@/lib/settings';
import { t } from '@/lib/i18n';

export interface SettingsFormProps {
  settings: Settings & { managed: Partial<Settings> };
  onSaved(message: string): void;
}

/** Sync interval and share-link tracking template; read-only when IT locked them by policy. */
export function SettingsForm({ settings, onSaved }: SettingsFormProps) {
  const [hours, setHours] = useState(String(settings.syncIntervalHours));
  const [template, setTemplate] = useState(settings.trackingTemplate);
  const [error, setError] = useState('');
  useEffect(() => {
    setHours(String(settings.syncIntervalHours));
    setTemplate(settings.trackingTemplate);
  }, [settings.syncIntervalHours, settings.trackingTemplate]);
  const locked = settings.locked;

  async function onSubmit(event: Event) {
    event.preventDefault();
    const value = Number(hours);
    if (!Number.isFinite(value) || value < 0.25 || value > 168) {
      setError(t('options.intervalRange'));
      return;
    }
    setError('');
    await saveSettings({ syncIntervalHours: value, trackingTemplate: template.trim() });
    onSaved(t('options.settingsSaved'));
  }

  return (
    <section class="card" aria-labelledby="settings-heading">
      <h2 class="section-heading" id="settings-heading">
        {t('options.settingsHeading')}
      </h2>
      {locked && <p class="notice">{t('options.settingsLocked')}</p>}
      <form class="settings-form" onSubmit={onSubmit}>
        <label class="field">
          <span>{t('options.syncInterval')}</span>
          <input
            type="number"
            name="syncIntervalHours"
            min={0.25}
            max={168}
            step={0.25}
            value={hours}
            readOnly={locked}
            onInput={(e) => setHours((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('options.template')}</span>
          <input
            type="text"
            name="trackingTemplate"
            value={template}
            readOnly={locked}
            placeholder="utm_source=pitchside&utm_medium=sales&utm_content={id}"
            aria-describedby="template-help"
            onInput={(e) => setTemplate((e.target as HTMLInputElement).value)}
          />
        </label>
        <p class="muted options__help" id="template-help">
          {t('options.templateHelp', { id: '{id}', source: '{source}', type: '{type}' })} {t('options.templateOff')}
        </p>
        {error && <p class="notice">{error}</p>}
        {!locked && (
          <div>
            <button type="submit" class="button">
              {t('options.saveSettings')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
