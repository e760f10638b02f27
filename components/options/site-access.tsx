/** Granting Pitchside a further domain (a self-hosted CRM); arrives with the page-readers issue. */
export function SiteAccess() {
  return null;
}
