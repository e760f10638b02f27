/** What a command needs from the outside world, passed in so tests can capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Working directory that relative paths resolve against. */
  cwd: string;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
};

/** A command: returns the exit status. */
export type Command = (args: string[], io: CliIo) => Promise<number>;
