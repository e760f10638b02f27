import type { Command } from './io';

/** Not yet implemented: see the issue that owns `pitchside check`. */
export const run: Command = async (_args, io) => {
  io.err('pitchside check is not implemented yet.');
  return 2;
};
