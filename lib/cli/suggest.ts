import type { Command } from './io';

/** Not yet implemented: see the issue that owns `pitchside suggest`. */
export const run: Command = async (_args, io) => {
  io.err('pitchside suggest is not implemented yet.');
  return 2;
};
