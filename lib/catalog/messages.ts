/**
 * What the catalog library tells a person (a sync that failed, a file that is not a catalog,
 * "3 items cached"), as message descriptors: an i18n key of locales/*.yml (the `catalog.`
 * block) and its substitutions, which may be descriptors themselves ("{name}: sync failed.
 * {error}"). The library runs in Node too (the CLI, scripts), where there are no extension
 * messages: every descriptor is also rendered to English here, from the table below, and that
 * text is what `error` and `message` fields hold, as before. The extension renders the
 * descriptor in the interface's language instead (lib/i18n.ts catalogText).
 *
 * The table is locales/en.yml's `catalog:` block written again, so Node needs neither YAML nor
 * the built messages.json; tests/i18n/catalog-messages.test.ts fails when the two differ.
 */
import { fillNamed, renderMessage, type CatalogMessage, type MessageLookup } from './message';

// The descriptor's shape and renderer live apart (./message.ts); the library imports both from here.
export * from './message';

/** Plural messages as in the locale files: `1` and `n` forms (`0` optional), `$1` is the count. */
type Plural = { readonly 0?: string; readonly 1: string; readonly n: string };

export const catalogEnglish = {
  // Counts that go inside other messages.
  'catalog.items': { 1: '$1 item', n: '$1 items' },
  'catalog.itemsCached': { 1: '$1 item cached', n: '$1 items cached' },
  'catalog.invalidSkipped': { 1: '$1 invalid item skipped', n: '$1 invalid items skipped' },
  'catalog.warnings': { 1: '$1 warning', n: '$1 warnings' },
  'catalog.ids': { 1: '$1 id', n: '$1 ids' },
  'catalog.keptCached': { 1: ' The $1 item cached before is kept.', n: ' The $1 items cached before are kept.' },
  'catalog.keptImported': { 1: ' The $1 item imported before is kept.', n: ' The $1 items imported before are kept.' },
  // What a sync or an import ends with.
  'catalog.stored': '{name}: {summary}{detail}.',
  'catalog.storedChanges': ' ({items} new or changed, {deleted} removed)',
  'catalog.storedUnchanged': ', unchanged',
  'catalog.unchangedCached': '{name}: unchanged, {items} cached.',
  'catalog.nothingToSync': '{name}: {items} cached (imported, nothing to sync).',
  'catalog.syncFailed': '{name}: sync failed. {error}{kept}',
  'catalog.importFailed': '{name}: not imported. {error}{kept}',
  'catalog.noSuchSource': 'No such source.',
  'catalog.sourceGone': 'This source no longer exists.',
  'catalog.removedDuringSync': 'Removed during sync.',
  'catalog.sourceRemoved': '{name} was removed.',
  'catalog.syncCrashed': 'Sync failed: {error}',
  // Why a download failed.
  'catalog.timeout': '{host} did not answer within {seconds} seconds.',
  'catalog.unreachable':
    'Could not reach {host}: the network is down, or the server does not allow Pitchside to read it (no CORS headers and no site access granted).',
  'catalog.insecureRedirect': 'The server redirected to {url}, which is not HTTPS: Pitchside reads catalogs over HTTPS only.',
  'catalog.httpStatus': 'The server answered HTTP {status}.',
  'catalog.stalled': '{host} stopped sending the catalog for {seconds} seconds.',
  'catalog.brokeOff': 'The download from {host} broke off ({error}).',
  'catalog.noItemsIn': 'The download from {host} passed {size} MB without a single catalog item: it is not a catalog, or it is malformed.',
  // The parts of a split catalog.
  'catalog.part': 'Part {part} of {parts} ({url})',
  'catalog.partNotHttps': 'must be an https: URL (http: only for localhost).',
  'catalog.partFailed': '{part}: {error} The catalog is synced only when all its parts are.',
  'catalog.partNotModified': '{part} answered 304 to a request that was not conditional.',
  'catalog.partInvalid': '{part}: {error}',
  'catalog.partIsIndex': '{part} is an index itself: an index lists catalogs, not other indexes.',
  'catalog.partsOverlap':
    'Part {part} of {parts} repeats {ids} of part {of} (the first: "{first}"): the parts of a catalog must not overlap. Was it published half-way?',
  // Files and URLs.
  'catalog.fileEmpty': 'The file is empty.',
  'catalog.fileUnreadable': 'The file could not be read ({error}).',
  'catalog.fileIsIndex': 'This is the index of a split catalog: add its URL as a catalog URL instead (its parts are fetched from there).',
  'catalog.textIsIndex': 'This is the index of a split catalog: sync it from its URL (its parts are fetched from there), or convert the parts one by one.',
  'catalog.urlNotAddress': 'Enter a full address starting with https://',
  'catalog.urlNotHttps': 'Catalog URLs must use https:// (http:// only for localhost or 127.0.0.1).',
  'catalog.urlScheme': 'Catalog URLs must start with https:// (not {scheme}).',
  // What is wrong with the catalog as a whole.
  'catalog.empty': 'The catalog is empty.',
  'catalog.webPage': 'This is a web page, not a catalog: expected JSON, CSV, or an RSS/Atom feed.',
  'catalog.notObject': 'The catalog is not valid: it must be a JSON object with "version": 1 and an "items" array.',
  'catalog.versionNot1': 'The catalog is not valid: version must be 1 (it is {value}).',
  'catalog.versionMissing': 'The catalog is not valid: version must be 1 (it is missing).',
  'catalog.itemsNotArray': 'The catalog is not valid: items must be an array.',
  'catalog.itemsMissing': 'The catalog is not valid: "items" is missing.',
  'catalog.notValid': 'The catalog is not valid: {detail}.',
  'catalog.noneValid': 'None of the {total} items is valid{first}.',
  'catalog.firstProblem': ' ({where}: {reason})',
  'catalog.tooManyItems':
    'The catalog has more than {limit} items, the limit: split it into several catalogs, or into parts listed by an index file (see the catalog format).',
  'catalog.feedTooLarge': 'The feed is larger than {size} MB, the limit for RSS and Atom: publish the catalog as JSON or CSV instead.',
  'catalog.indexPartsInvalid': 'The catalog index is not valid: "parts" must be a non-empty list of { "url": … }.',
  'catalog.indexTooManyParts': 'The catalog index lists {count} parts: the limit is {limit}.',
  'catalog.indexPartNoUrl': 'The catalog index is not valid: parts[{index}] has no "url".',
  'catalog.indexRepeats': 'The catalog index is not valid: it lists the same part twice.',
  'catalog.indexNotValid': 'The catalog index is not valid: {detail}.',
  // What is wrong with one item: the options page lists these under its source.
  'catalog.whereRow': 'row {row}',
  'catalog.whereEntry': 'entry {entry}',
  'catalog.wherePart': 'part {part}, {where}',
  'catalog.problemWas': '{reason} (it is {value})',
  'catalog.valueMissing': 'missing',
  'catalog.moreProblems': { 1: 'and $1 more problem', n: 'and $1 more problems' },
  'catalog.itemNotObject': 'is not an object',
  'catalog.itemTooLarge': 'is larger than {size} MB: skipped',
  'catalog.itemNotJson': 'is not valid JSON ({error})',
  'catalog.duplicateId': 'duplicate id "{id}" (the first one is kept)',
  'catalog.titleHtml': 'title contains HTML markup: it is shown as plain text',
  'catalog.problemAnd': '{first}; {rest}',
  'catalog.problemIgnored': '{reason}: ignored ({value})',
  'catalog.problemShortened': '{reason}: shortened',
  'catalog.fieldMissing': '{field} is missing',
  'catalog.fieldEmpty': '{field} is empty',
  'catalog.fieldMustBe': '{field} must be {expected}',
  'catalog.fieldInvalid': '{field} is not valid',
  'catalog.fieldTooShort': '{field} is shorter than {limit} characters',
  'catalog.fieldTooLong': '{field} is longer than {limit} characters',
  'catalog.fieldTooFew': '{field} has fewer than {limit} entries',
  'catalog.fieldTooMany': '{field} has more than {limit} entries',
  'catalog.fieldAtLeast': '{field} must be at least {limit}',
  'catalog.fieldMoreThan': '{field} must be more than {limit}',
  'catalog.fieldAtMost': '{field} must be at most {limit}',
  'catalog.fieldLessThan': '{field} must be less than {limit}',
  'catalog.expectText': 'text',
  'catalog.expectNumber': 'a number',
  'catalog.expectTrueFalse': 'true or false',
  'catalog.expectList': 'a list',
  'catalog.expectObject': 'an object',
  'catalog.expectDate': 'a date written YYYY-MM-DD',
  'catalog.expectHttpsUrl': 'an absolute https: URL (http: only for localhost)',
  'catalog.expectUrl': 'a URL',
  'catalog.expectEmail': 'an email address',
  'catalog.expectOneOf': 'one of {values}',
  'catalog.expectEither': '{first} or {second}',
  'catalog.csvUnknownColumns': 'unknown columns ignored: {names}{more}',
  'catalog.csvMoreColumns': ' and {count} more',
  // JSON that cannot be read.
  'catalog.notJson': 'The catalog is not valid JSON ({error}).',
  'catalog.htmlNotJson': 'The catalog is not JSON: the server sent an HTML page.',
  'catalog.jsonCutOff': 'The catalog is not valid JSON (it ends before its last "}"): the download may have been cut off.',
  'catalog.jsonAt': 'The catalog is not valid JSON ({what} at character {at}).',
  'catalog.jsonUnexpected': 'unexpected "{char}"',
  'catalog.jsonExpectedName': 'expected a property name, found "{char}"',
  'catalog.jsonExpectedColon': 'expected ":"',
  'catalog.jsonExpectedEndOfObject': 'expected "," or "}", found "{char}"',
  'catalog.jsonExpectedEndOfItem': 'expected "," or "]" after item {index}, found "{char}"',
  'catalog.jsonTrailingText': 'text after the end of the catalog',
  'catalog.jsonMemberTooLarge': 'The catalog\'s "{member}" is larger than {size} MB.',
  'catalog.jsonMemberInvalid': 'The catalog is not valid JSON ({error}, in "{member}").',
  // CSV.
  'catalog.csvRowTooLong': 'The CSV has a row longer than {size} MB (an unclosed quote?) at row {row}.',
  'catalog.csvVocabulary':
    'This is a vocabulary CSV (list,id,label,aliases), not an items CSV. Combine both into a JSON catalog with: npx pitchside convert items.csv --vocabulary vocabulary.csv',
  'catalog.csvMissingColumns': {
    1: 'The CSV header has no {columns} column (header: {header}).',
    n: 'The CSV header has no {columns} columns (header: {header}).',
  },
  'catalog.csvHeaderEmpty': 'empty',
  // Feeds.
  'catalog.feedTooDeep': 'The feed is nested more than {depth} elements deep, which no RSS or Atom feed is: it was not read.',
  'catalog.feedEntities': 'The feed defines or expands too many XML entities: it was not read.',
  'catalog.feedNotXml': 'The feed is not valid XML: {error}{where}.',
  'catalog.feedAtLineColumn': ' (line {line}, column {column})',
  'catalog.feedAtLine': ' (line {line})',
  'catalog.feedAtColumn': ' (column {column})',
  'catalog.feedUnreadable': 'The feed is not valid XML: its markup could not be read.',
  'catalog.feedRdfNotRss': 'The feed is RDF but not RSS 1.0: it has no <channel> or <item> in the RSS 1.0 namespace.',
  'catalog.feedRssNoChannel': 'The feed is neither RSS 2.0 (<rss><channel>), RSS 1.0 (<rdf:RDF>) nor Atom (<feed>): its <rss> element has no <channel>.',
  'catalog.feedUnknownRoot': 'The feed is neither RSS 2.0 (<rss><channel>), RSS 1.0 (<rdf:RDF>) nor Atom (<feed>): its root element is <{root}>.',
  'catalog.feedNoRoot': 'The feed is neither RSS 2.0 (<rss><channel>), RSS 1.0 (<rdf:RDF>) nor Atom (<feed>): it has no root element.',
  // Text that is not ours to translate: a browser's or a library's own message.
  'catalog.detail': '{text}',
} as const satisfies Record<string, string | Plural>;

export type CatalogMessageKey = keyof typeof catalogEnglish;

export const englishLookup: MessageLookup = (key, params, count) => {
  const entry: string | Plural | undefined = catalogEnglish[key];
  if (entry === undefined) return '';
  let template: string;
  if (typeof entry === 'string') template = entry;
  else {
    const n = count ?? 0;
    template = (n === 0 && entry[0]) || (n === 1 ? entry[1] : entry.n);
    template = template.replace(/\$1/g, String(n));
  }
  return fillNamed(template, params);
};

/** The message in English: what the CLI prints and what `error` / `message` fields hold. */
export function english(message: CatalogMessage): string {
  return renderMessage(message, englishLookup);
}

/** An error whose message is a descriptor (and its English text as `message`). */
export class CatalogError extends Error {
  constructor(readonly i18n: CatalogMessage) {
    super(english(i18n));
  }
}

/** A failed result: the English text, for Node and old readers, and the descriptor. */
export interface Failure {
  ok: false;
  error: string;
  errorI18n: CatalogMessage;
}

export function failure(message: CatalogMessage): Failure {
  return { ok: false, error: english(message), errorI18n: message };
}
