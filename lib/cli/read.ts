import type { Command } from './io';

/** Not yet implemented: see the issue that owns `pitchside read`. */
export const run: Command = async (_args, io) => {
  io.err('pitchside read is not implemented yet.');
  return 2;
};
