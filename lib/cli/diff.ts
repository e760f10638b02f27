import { rank } from '../match/suggest';
import type { CliIo, Command } from './io';
import { loadCatalogFile, loadContexts } from './judged';
import { parseFlags, parseToday } from './eval';

const USAGE = 'Usage: pitchside diff <old-catalog.json> <new-catalog.json> --contexts <dir/> [--today YYYY-MM-DD] [--all] [--json]';

/**
 * `pitchside diff`: for each prospect context, how the top 5 changes between two versions of
 * a catalog: what enters, what leaves, what moves. Only changed contexts unless `--all`.
 */
export const run: Command = async (args, io: CliIo) => {
  const parsed = parseFlags(args, ['contexts', 'today'], ['all', 'json']);
  const fail = (lines: string[]) => {
    for (const line of lines) io.err(line);
    return 2;
  };
  if (typeof parsed === 'string') return fail([parsed, USAGE]);
  const { flags, positional } = parsed;
  const problems: string[] = [];
  if (positional.length !== 2) problems.push(`Expected two catalog files, old and new (got ${positional.length}).`);
  if (typeof flags.contexts !== 'string') problems.push('Missing --contexts.');
  if (problems.length > 0) return fail([...problems, USAGE]);
  const today = parseToday(flags.today);
  if (typeof today === 'string') return fail([today]);
  const before = await loadCatalogFile(positional[0]!, io.cwd, problems, 'old catalog');
  const after = await loadCatalogFile(positional[1]!, io.cwd, problems, 'new catalog');
  const contexts = await loadContexts(flags.contexts as string, io.cwd, problems);
  if (problems.length > 0 || !before || !after || !contexts) return fail(problems);

  const changes: Array<{ id: string; old: string[]; new: string[]; entered: string[]; left: string[] }> = [];
  for (const [id, context] of contexts) {
    const old = rank(context, before, { limit: 5, now: today }).map((s) => s.item.id);
    const now = rank(context, after, { limit: 5, now: today }).map((s) => s.item.id);
    const entered = now.filter((x) => !old.includes(x));
    const left = old.filter((x) => !now.includes(x));
    if (flags.all || old.join() !== now.join()) changes.push({ id, old, new: now, entered, left });
  }
  if (flags.json) {
    io.out(JSON.stringify({ contexts: contexts.size, changed: changes.filter((c) => c.old.join() !== c.new.join()).length, changes }));
    return 0;
  }
  const changed = changes.filter((c) => c.old.join() !== c.new.join()).length;
  io.out(`${changed} of ${contexts.size} context(s) get a different top 5.`);
  for (const change of changes) {
    io.out(`\n${change.id}${change.old.join() === change.new.join() ? ' (unchanged)' : ''}`);
    for (let i = 0; i < Math.max(change.old.length, change.new.length); i++) {
      const o = change.old[i] ?? '-';
      const n = change.new[i] ?? '-';
      const moved = n !== '-' && change.old.includes(n) && change.old.indexOf(n) !== i ? ` (was ${change.old.indexOf(n) + 1})` : '';
      io.out(`  ${i + 1}. ${o === n ? `  ${n}` : `${n}${change.entered.includes(n) ? ' [new]' : moved}   ← ${o}${change.left.includes(o) ? ' [left]' : ''}`}`);
    }
  }
  return 0;
};
