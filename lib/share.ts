import { t, uiLocale } from './i18n';

/**
 * Share links. A tracking template is a query string appended to the item's URL, with
 * placeholders `{id}` (item id), `{source}` (catalog source id) and `{type}`; for example
 * `utm_source=pitchside&utm_medium=sales&utm_content={id}`. Without a template the link is the
 * item's URL as marketing published it. Prospect data never goes into a link.
 */
export function trackedUrl(item: { id: string; url: string; sourceId?: string; type?: string }, template: string | undefined): string {
  const trimmed = template?.trim().replace(/^[?&]/, '');
  if (!trimmed) return item.url;
  let url: URL;
  try {
    url = new URL(item.url);
  } catch {
    return item.url;
  }
  const values: Record<string, string> = { id: item.id, source: item.sourceId ?? '', type: item.type ?? '' };
  for (const [key, value] of new URLSearchParams(trimmed)) {
    const filled = value.replace(/\{(id|source|type)\}/g, (_, name: string) => values[name] ?? '');
    if (!url.searchParams.has(key)) url.searchParams.set(key, filled);
  }
  return url.href;
}

/** "Shared 3 days ago", "Shared just now", in the interface's language. */
export function sharedAgo(at: number, now = Date.now(), locale = uiLocale()): string {
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return t('item.sharedJustNow');
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 3600
      ? [seconds / 60, 'minute']
      : abs < 86_400
        ? [seconds / 3600, 'hour']
        : abs < 30 * 86_400
          ? [seconds / 86_400, 'day']
          : [seconds / (30 * 86_400), 'month'];
  return t('item.sharedAgo', { ago: format.format(Math.round(value), unit) });
}

/** Web mail whose compose box Insert writes into, once the rep allowed the host (asked at the first Insert). */
export const WEBMAIL_HOSTS = ['mail.google.com', 'outlook.office.com', 'outlook.live.com', 'outlook.office365.com'] as const;

/** The web-mail host of a page URL, or null. */
export function webmailHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, host } = new URL(url);
    return protocol === 'https:' && (WEBMAIL_HOSTS as readonly string[]).includes(host) ? host : null;
  } catch {
    return null;
  }
}

/** The item's description cut to its first sentence, at most `max` characters. */
export function oneLine(description: string | undefined, max = 160): string {
  const flat = (description ?? '').replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  const sentence = flat.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? flat;
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** "Copy with message": the title, one line on what it is, and the link, ready to paste. */
export function shareMessage(item: { title: string; description?: string }, url: string): string {
  return [item.title.trim(), oneLine(item.description), url].filter(Boolean).join('\n');
}
