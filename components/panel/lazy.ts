export type PanelData = typeof import('./data');

let loading: Promise<PanelData> | undefined;

/**
 * The panel's data layer (./data.ts), loaded once. The entry starts it before the first render,
 * so it downloads and compiles while the frame paints; every later call gets the same module.
 */
export const panelData = (): Promise<PanelData> => (loading ??= import('./data'));
