/**
 * Shared by the property-based tests: how many cases to run, a tally printed at the end, and
 * what a clear message is.
 *
 * `npm test` runs PITCHSIDE_FUZZ_RUNS cases per property (default 300, a few seconds in all);
 * a longer hunt is e.g. `PITCHSIDE_FUZZ_RUNS=5000 npx vitest run tests/fuzz`. A failure prints
 * fast-check's seed and path, so `PITCHSIDE_FUZZ_SEED=<seed>` replays it.
 */
import fc from 'fast-check';

export const RUNS = Math.max(1, Number(process.env.PITCHSIDE_FUZZ_RUNS ?? 300) || 300);
const SEED = process.env.PITCHSIDE_FUZZ_SEED ? Number(process.env.PITCHSIDE_FUZZ_SEED) : undefined;

/**
 * Far above any real case (the slowest is a few hundred ms on a busy CI core); only a hang or
 * a pathological backtracking regex reaches it. A bound, not a speed test.
 */
export const HANG_MS = 10_000;

export const tally = new Map<string, number>();

/** fast-check parameters for `runs` cases (a fraction of RUNS for expensive properties), counted under `name`. */
export function params<T>(name: string, share = 1): fc.Parameters<T> {
  const numRuns = Math.max(5, Math.round(RUNS * share));
  return {
    numRuns,
    seed: SEED,
    reporter(details) {
      tally.set(name, (tally.get(name) ?? 0) + details.numRuns);
      if (details.failed) {
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`${cause}\n${fc.defaultReportMessage(details) ?? ''}`.slice(0, 3000));
      }
    },
  };
}

export function report(title: string): void {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  const lines = [...tally].map(([name, n]) => `  ${name}: ${n}`).join('\n');
  console.log(`${title}: ${total} cases ran\n${lines}`);
}

/**
 * A message a person can act on: a sentence (capital first, full stop last), of a sensible
 * length, with nothing of the program's insides (a stack, "undefined", "[object Object]",
 * "NaN", an exception's class name).
 */
export function clearMessageProblem(message: unknown): string | null {
  if (typeof message !== 'string') return `not text: ${String(message)}`;
  if (message.length < 12 || message.length > 1200) return `length ${message.length}`;
  if (!/^[A-Z“"]/.test(message)) return 'does not start with a capital';
  // A sentence, possibly followed by the command that fixes it ("…: npx pitchside convert …").
  if (!/[.)]$/.test(message) && !/[.:]\s/.test(message)) return 'is not a sentence';
  if (/\bundefined\b|\[object |\bNaN\b|\n\s+at |\b(Type|Range|Syntax|Reference)Error\b/.test(message)) return 'shows program internals';
  return null;
}

export function expectClear(message: unknown, context: string): void {
  const problem = clearMessageProblem(message);
  if (problem) throw new Error(`Unclear message (${problem}) for ${context}: ${JSON.stringify(message)?.slice(0, 400)}`);
}

/** Where/reason of an item problem: short text, no internals. */
export function expectClearProblem(problem: { where: unknown; reason: unknown }, context: string): void {
  for (const part of [problem.where, problem.reason]) {
    if (typeof part !== 'string' || part.trim() === '' || part.length > 1200 || /\bundefined\b|\[object |\bNaN\b|\n\s+at /.test(part)) {
      throw new Error(`Unclear item problem for ${context}: ${JSON.stringify(problem).slice(0, 400)}`);
    }
  }
}

/** Runs `work` and fails when it takes past HANG_MS (after the fact: synchronous code cannot be interrupted). */
export async function bounded<T>(work: () => T | Promise<T>, context: () => string): Promise<T> {
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  if (ms > slowest.ms) Object.assign(slowest, { ms, what: context().slice(0, 300) });
  if (ms > HANG_MS) throw new Error(`Took ${Math.round(ms)} ms (bound ${HANG_MS} ms): ${context().slice(0, 300)}`);
  return value;
}

export const slowest = { ms: 0, what: '' };
