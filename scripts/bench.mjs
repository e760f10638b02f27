#!/usr/bin/env node
// Prints speed and memory figures; never fails on a time (these machines are noisy).
// Each file in scripts/bench/ measures one area; browser benchmarks use the built extension.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const build = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(1);
let failed = false;
for (const file of readdirSync(new URL('./bench/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n=== ${file.replace(/\.ts$/, '')} ===`);
  const result = spawnSync('npx', ['tsx', `scripts/bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
