import { processIo, type CliIo, type Command } from './io';

const commands: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  read: { summary: 'read <saved-page.html> --url <url>     print the prospect context the readers get from a saved page', load: () => import('./read') },
  check: { summary: 'check <catalog.json|items.csv> [--vocabulary vocabulary.csv]   validate a catalog', load: () => import('./check') },
  convert: {
    summary:
      'convert <items.csv|catalog.json> [--vocabulary vocabulary.csv] [--out catalog.json] [--parts N]   write a JSON catalog, or one split into N parts',
    load: () => import('./convert'),
  },
  eval: {
    summary: 'eval --catalog <catalog.json> --judgments <judgments.json> --contexts <dir/>   score a catalog against judged prospects',
    load: () => import('./eval'),
  },
  diff: { summary: "diff <old.json> <new.json> --contexts <dir/>   how each context's top 5 changes between two catalogs", load: () => import('./diff') },
  suggest: { summary: 'suggest --catalog <file> --context <file> [--limit N] [--json]   rank collateral for a context', load: () => import('./suggest') },
};

export function usage(): string {
  return ['Usage: pitchside <command> [options]', '', ...Object.values(commands).map((c) => `  pitchside ${c.summary}`)].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    (name && name !== '--help' && name !== '-h' ? io.err : io.out)(usage());
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error) {
    io.err(`pitchside ${name}: ${(error as Error).message}`);
    return 2;
  }
}
