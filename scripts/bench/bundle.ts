/**
 * What each extension page loads, gzipped: the scripts its HTML names (all loaded before the
 * first paint) and the chunks it imports later. Issue 10's goal is beside the panel's figure.
 * Reads the build `npm run bench` has just made.
 */
import { pageScripts, total } from '../../tests/e2e/bundle';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
for (const page of ['sidepanel', 'options', 'insights'] as const) {
  const { first, later } = pageScripts(page);
  const goal = page === 'sidepanel' ? ' (goal ≤ 60 KB)' : '';
  console.log(`${page}: first paint ${kb(total(first))}${goal} in ${first.length} files; loaded after it ${kb(total(later))} in ${later.length} files`);
  for (const script of [...first, ...later].sort((a, b) => b.gzip - a.gzip).slice(0, 4))
    console.log(`  ${script.file.padEnd(40)} ${kb(script.gzip)}${first.includes(script) ? '' : ' (later)'}`);
}
