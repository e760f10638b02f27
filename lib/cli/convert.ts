import type { Command } from './io';

/** Not yet implemented: see the issue that owns `pitchside convert`. */
export const run: Command = async (_args, io) => {
  io.err('pitchside convert is not implemented yet.');
  return 2;
};
