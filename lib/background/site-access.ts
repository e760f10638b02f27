/** Reading on domains a rep or admin granted (self-hosted CRMs); arrives with the page-readers issue. Registers listeners synchronously. */
export function startSiteAccess(): void {}
