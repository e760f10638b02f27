/**
 * The Insights page's and team-reporting options' strings, in one place, until they move into
 * the extension's i18n messages (locales/*.yml through @wxt-dev/i18n). `$1`, `$2` are filled in
 * as there; keys are the message names they will have.
 */
const en = {
  'insights.title': 'Pitchside insights',
  'insights.intro': 'From the suggestions, shares and votes recorded in this browser. Nothing here leaves it unless you export it, or your IT department set up team reporting.',
  'insights.loading': 'Reading the events…',
  'insights.summary': 'Summary',
  'insights.summaryText': '$1 shares, $2 useful and $3 not useful votes, $4 prospects seen, $5 suggestions shown',
  'insights.period': 'From $1 to $2.',
  'insights.noEvents': 'Nothing recorded yet: suggestions, shares and votes in the panel show up here.',
  'insights.exportCsv': 'Export CSV',
  'insights.exportJson': 'Export JSON',
  'insights.exported': 'Saved $1.',
  'insights.weekly': 'Shared and useful, week by week',
  'insights.weeklyChart': 'Shares and useful votes per week',
  'insights.weeklyDesc': 'Bars per week: shares, and useful votes. The table below holds the same figures.',
  'insights.week': 'Week of',
  'insights.shares': 'Shares',
  'insights.useful': 'Useful',
  'insights.notUseful': 'Not useful',
  'insights.mostSharedWeek': 'Most shared',
  'insights.mostUsefulWeek': 'Most useful',
  'insights.none': '—',
  'insights.mostShared': 'Most shared items',
  'insights.mostUseful': 'Most useful items',
  'insights.item': 'Item',
  'insights.nothingShared': 'Nothing shared yet.',
  'insights.nothingUseful': 'No item marked useful yet.',
  'insights.rejected': 'Most often marked not useful',
  'insights.rejectedHelp': 'Votes taken back with Undo are not counted. Reasons are the ones reps gave with their vote.',
  'insights.reasons': 'Reasons given',
  'insights.noReason': 'no reason given',
  'insights.nothingRejected': 'No item marked not useful.',
  'insights.gaps': 'Content gaps',
  'insights.gapsHelp':
    'Kinds of prospects (industry × persona × stage) for whom nothing suggested fitted well. A suggestion fitted well when the item is tagged for at least two thirds of what is known of the prospect: two of industry, persona and stage, or all of them when only one or two are known. A prospect counts once a day.',
  'insights.gapsChart': 'Prospects for whom nothing fitted well, by kind',
  'insights.industry': 'Industry',
  'insights.persona': 'Persona',
  'insights.stage': 'Stage',
  'insights.anyValue': 'not known',
  'insights.prospectsSeen': 'Prospects seen',
  'insights.unserved': 'Nothing fitted well',
  'insights.noGaps': 'No gap: every kind of prospect seen got at least one suggestion that fitted well.',
  'insights.never': 'Never suggested, never shared',
  'insights.neverCount': '$1 of the $2 items in the catalog.',
  'insights.neverNone': 'Every item in the catalog was suggested or shared at least once.',
  'insights.neverMore': 'Show all $1',
  'insights.gone': '(no longer in the catalog)',
  'insights.settings': 'Settings',
  'options.reporting': 'Team reporting',
  'options.reportingIntro':
    'Off unless an endpoint is set. Pitchside then posts usage events to it in batches (the Segment / RudderStack HTTP tracking format): which item was suggested, shared or rated, the prospect’s industry, persona and stage, and what you did.',
  'options.identitiesOff': 'Prospect names, profile URLs and record ids are left out. Only your IT department can include them, by policy.',
  'options.identitiesOn': 'Your IT department set reports to include prospect names, profile URLs and record ids.',
  'options.reportingManaged': 'Your IT department set the endpoint: $1',
  'options.reportingEndpoint': 'Reporting endpoint',
  'options.reportingKey': 'Write key (optional)',
  'options.reportingKeyHelp': 'Sent as the user name of HTTP Basic authentication, as Segment and RudderStack expect.',
  'options.reportingSave': 'Save reporting',
  'options.reportingOff': 'Turn reporting off',
  'options.reportingSaved': 'Team reporting is on: events go to $1.',
  'options.reportingNoAccess': 'Saved, but access to $1 was not granted: reports reach it only if it allows cross-origin requests (CORS).',
  'options.reportingTurnedOff': 'Team reporting is off; events waiting to be sent were dropped.',
  'options.reportingQueued': '$1 events waiting to be sent.',
  'options.reportingLastSent': 'Last sent $1; $2 events in all.',
  'options.reportingFailed': 'Last attempt failed ($1); the next one is at $2.',
  'options.reportingDropped': '$1 events dropped because the queue was full.',
  'options.data': 'Your data',
  'options.dataHelp':
    'Clear my data deletes, in this browser, your prospect edits, votes, shares, usage events (the Insights page starts again from nothing) and team reports not yet sent. The catalog stays. There is no undo.',
  'options.clear': 'Clear my data',
  'options.cleared': 'Your edits, votes, shares, usage events and unsent reports were deleted. The catalog is kept.',
  'options.clearFailed': 'Could not clear your data: $1',
} as const;

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  return en[key].replace(/\$(\d)/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ''));
}
