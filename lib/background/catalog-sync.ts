/** Periodic and on-demand catalog sync; arrives with the catalog issue. Registers listeners synchronously. */
export function startCatalogSync(): void {}
