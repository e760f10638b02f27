import { useState } from 'preact/hooks';
import { contextFields, sourceLabel, type ContextField, type ProspectContext } from '@/lib/context/schema';

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
    <section class="prospect" role="region" aria-label="Prospect">
      <header class="prospect__head">
        <h2 class="prospect__heading">Prospect</h2>
        <button type="button" class="button button--quiet" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit prospect
        </button>
      </header>
      {status === 'reading' && !context && <p class="muted" aria-busy="true">Reading the page…</p>}
      {status === 'unreadable' && !rows.length && (
        <p class="notice">Could not read a prospect from this page. Use <strong>Edit prospect</strong> to enter one by hand.</p>
      )}
      {(status === 'unsupported' || status === 'none') && !rows.length && (
        <p class="muted">
          Open a LinkedIn profile or a CRM record, or click the Pitchside button in the toolbar to read this page. You can also
          enter a prospect with <strong>Edit prospect</strong>.
        </p>
      )}
      {rows.length > 0 && context && (
        <>
          <dl class="prospect__fields">
            {rows.map(([field, label]) => (
              <div class="prospect__row" key={field}>
                <dt>{label}</dt>
                {/* The value stays plain text; "edited" is drawn by CSS and given as a title. */}
                <dd class={edited.has(field) ? 'is-edited' : undefined} title={edited.has(field) ? 'Edited by you' : undefined}>
                  {display(context, field)}
                </dd>
              </div>
            ))}
          </dl>
          <p class="prospect__source muted">Read from {sourceLabel(context.source)}</p>
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

function EditForm({
  context,
  onSave,
  onCancel,
}: {
  context: ProspectContext | null;
  onSave(fields: Partial<ProspectContext>): void;
  onCancel(): void;
}) {
  return (
    <form
      class="edit-form"
      aria-label="Edit prospect"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        const fields: Record<string, unknown> = {};
        for (const [field] of contextFields) {
          const raw = String(data.get(field) ?? '').trim();
          fields[field] = listFields.has(field) ? raw.split(/[,;]/).map((v) => v.trim()).filter(Boolean) : raw;
        }
        onSave(fields as Partial<ProspectContext>);
      }}
    >
      {contextFields.map(([field, label]) => (
        <label class="edit-form__field" key={field}>
          <span>{label}</span>
          <input name={field} type="text" defaultValue={context ? display(context, field) ?? '' : ''} autoComplete="off" />
        </label>
      ))}
      <div class="edit-form__actions">
        <button type="submit" class="button button--primary">Save</button>
        <button type="button" class="button button--quiet" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
