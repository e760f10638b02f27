import { useState } from 'preact/hooks';
import { contextFields, sourceLabel, type ContextField, type ProspectContext } from '@/lib/context/schema';
import { t } from '@/lib/i18n';

/** The readers' names for "Read from …"; a reader added later shows its own English label. */
const sourceNames: Record<string, () => string> = {
  'linkedin-profile': () => t('source.linkedinProfile'),
  'linkedin-company': () => t('source.linkedinCompany'),
  'sales-navigator': () => t('source.salesNavigator'),
  salesforce: () => t('source.salesforce'),
  hubspot: () => t('source.hubspot'),
  dynamics: () => t('source.dynamics'),
  generic: () => t('source.generic'),
  'structured-data': () => t('source.structuredData'),
  manual: () => t('source.manual'),
  selection: () => t('source.selection'),
};
// Own keys only: a page may name its source "constructor" or "toString" (found by the render property test).
const sourceName = (source: string) => (Object.hasOwn(sourceNames, source) ? sourceNames[source]!() : sourceLabel(source));
const fieldLabel = (field: ContextField) => t(`field.${field}`);

export interface ProspectCardProps {
  context: ProspectContext | null;
  /** Fields the rep corrected by hand. */
  edited: ReadonlySet<string>;
  status: 'reading' | 'read' | 'unreadable' | 'unsupported' | 'none';
  onSave(fields: Partial<ProspectContext>): void;
}

const listFields = new Set<ContextField>(['products', 'competitors']);

function display(context: ProspectContext, field: ContextField): string | null {
  const value = context[field];
  if (Array.isArray(value)) return value.length ? value.join(', ') : null;
  return value ? String(value) : null;
}

export function ProspectCard({ context, edited, status, onSave }: ProspectCardProps) {
  const [editing, setEditing] = useState(false);
  const rows = context ? contextFields.filter(([field]) => display(context, field)) : [];

  return (
    <section class="prospect" aria-label={t('prospect.region')}>
      <header class="prospect__head">
        <h2 class="prospect__heading">{t('prospect.heading')}</h2>
        <button type="button" class="button button--quiet" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {t('prospect.edit')}
        </button>
      </header>
      {status === 'reading' && !context && (
        <p class="muted" aria-busy="true">
          {t('prospect.reading')}
        </p>
      )}
      {status === 'unreadable' && !rows.length && <p class="notice">{t('prospect.unreadable')}</p>}
      {(status === 'unsupported' || status === 'none') && !rows.length && <p class="muted">{t('prospect.unsupported')}</p>}
      {rows.length > 0 && context && (
        <>
          <dl class="prospect__fields">
            {rows.map(([field]) => (
              <div class="prospect__row" key={field}>
                <dt>{fieldLabel(field)}</dt>
                {/* The value stays plain text; "edited" is drawn by CSS and given as a title. */}
                <dd class={edited.has(field) ? 'is-edited' : undefined} title={edited.has(field) ? t('prospect.editedByYou') : undefined}>
                  {display(context, field)}
                </dd>
              </div>
            ))}
          </dl>
          <p class="prospect__source muted">{t('prospect.readFrom', { source: sourceName(context.source) })}</p>
        </>
      )}
      {editing && (
        <EditForm
          context={context}
          onCancel={() => setEditing(false)}
          onSave={(fields) => {
            setEditing(false);
            onSave(fields);
          }}
        />
      )}
    </section>
  );
}

function EditForm({ context, onSave, onCancel }: { context: ProspectContext | null; onSave(fields: Partial<ProspectContext>): void; onCancel(): void }) {
  return (
    <form
      class="edit-form"
      aria-label={t('prospect.edit')}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        const fields: Record<string, unknown> = {};
        for (const [field] of contextFields) {
          const raw = String(data.get(field) ?? '').trim();
          fields[field] = listFields.has(field)
            ? raw
                .split(/[,;]/)
                .map((v) => v.trim())
                .filter(Boolean)
            : raw;
        }
        onSave(fields as Partial<ProspectContext>);
      }}
    >
      {contextFields.map(([field]) => (
        <label class="edit-form__field" key={field}>
          <span>{fieldLabel(field)}</span>
          <input name={field} type="text" defaultValue={context ? (display(context, field) ?? '') : ''} autoComplete="off" />
        </label>
      ))}
      <div class="edit-form__actions">
        <button type="submit" class="button button--primary">
          {t('prospect.save')}
        </button>
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('prospect.cancel')}
        </button>
      </div>
    </form>
  );
}
