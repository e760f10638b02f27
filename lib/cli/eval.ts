import { scoreSet } from '../match/metrics';
import { rank } from '../match/suggest';
import type { CliIo, Command } from './io';
import { checkJudgments, loadCatalogFile, loadContexts, loadJudgments } from './judged';

const USAGE = 'Usage: pitchside eval --catalog <catalog.json> --judgments <judgments.json> --contexts <dir/> [--today YYYY-MM-DD] [--verbose] [--json]';

/** `--flag value` and `--flag=value`; unknown flags and missing values are errors. */
export function parseFlags(
  args: string[],
  valued: readonly string[],
  bare: readonly string[],
): { flags: Record<string, string | true>; positional: string[] } | string {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (bare.includes(name)) flags[name] = true;
    else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '' || value.startsWith('--')) return `--${name} needs a value.`;
      flags[name] = value;
    } else return `Unknown option ${arg}.`;
  }
  return { flags, positional };
}

export function parseToday(value: string | true | undefined): Date | string {
  if (value === undefined || value === true) return new Date();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return `--today must be a date as YYYY-MM-DD (got ${value}).`;
  return new Date(`${value}T12:00:00Z`);
}

function report(io: CliIo, problems: string[]): number {
  for (const problem of problems) io.err(problem);
  return 2;
}

/**
 * `pitchside eval`: scores a catalog against a team's judged prospects: hit@5, MRR, nDCG@10,
 * never-violations, and which judged prospects lost their must-have items (exit 1 then, so a
 * catalog release can be gated on it). Bad input: one message per problem, exit 2.
 */
export const run: Command = async (args, io) => {
  const parsed = parseFlags(args, ['catalog', 'judgments', 'contexts', 'today'], ['verbose', 'json']);
  if (typeof parsed === 'string') return report(io, [parsed, USAGE]);
  const { flags } = parsed;
  const missing = (['catalog', 'judgments', 'contexts'] as const).filter((f) => typeof flags[f] !== 'string').map((f) => `Missing --${f}.`);
  if (missing.length > 0 || parsed.positional.length > 0) return report(io, [...missing, ...parsed.positional.map((p) => `Unexpected argument ${p}.`), USAGE]);
  const today = parseToday(flags.today);
  if (typeof today === 'string') return report(io, [today]);

  const problems: string[] = [];
  const view = await loadCatalogFile(flags.catalog as string, io.cwd, problems);
  const judgments = await loadJudgments(flags.judgments as string, io.cwd, problems);
  const contexts = await loadContexts(flags.contexts as string, io.cwd, problems);
  if (view && judgments && contexts) checkJudgments(judgments, view, contexts, problems);
  if (problems.length > 0 || !view || !judgments || !contexts) return report(io, problems);

  const results: Record<string, string[]> = {};
  for (const id of Object.keys(judgments)) results[id] = rank(contexts.get(id)!, view, { limit: 10, now: today }).map((s) => s.item.id);
  const score = scoreSet(judgments, results);
  const lost = score.rows.filter((r) => !r.hit);
  if (flags.json) {
    io.out(
      JSON.stringify({
        contexts: score.contexts,
        hitAt5: score.hitAt5,
        mrr: score.mrr,
        ndcg10: score.ndcg10,
        never: score.never,
        lost: lost.map((r) => r.id),
        results,
      }),
    );
  } else {
    io.out(`contexts: ${score.contexts}`);
    io.out(`hit@5:    ${score.hitAt5.toFixed(3)}  (share of contexts with a must item in the top 5)`);
    io.out(`MRR:      ${score.mrr.toFixed(3)}  (1/rank of the first must item)`);
    io.out(`nDCG@10:  ${score.ndcg10.toFixed(3)}  (gain 3 must, 1 good)`);
    io.out(`never:    ${score.never}  (never items in the top 10, summed)`);
    for (const row of score.rows) {
      if (row.hit && row.never.length === 0 && !flags.verbose) continue;
      const notes = [row.hit ? '' : 'no must item in the top 5', row.never.length > 0 ? `never items in the top 10: ${row.never.join(', ')}` : '']
        .filter(Boolean)
        .join('; ');
      io.out(`  ${row.id}: ${notes || 'ok'}${flags.verbose ? `\n    top: ${row.top.join(' ')}` : ''}`);
    }
    io.out(
      lost.length === 0
        ? 'Every judged prospect has a must item in its top 5.'
        : `${lost.length} judged prospect(s) lost their must-have items: ${lost.map((r) => r.id).join(', ')}.`,
    );
  }
  return lost.length === 0 ? 0 : 1;
};
