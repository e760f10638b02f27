#!/usr/bin/env node
// Runs every test: type check, lint and format check (Biome), unit tests (Vitest), the
// builds, the end-to-end suite in Chromium, then the Firefox check (Firefox ESR over BiDi).
// Ends with one line "N passed, N failed" that CI reads as the test count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'pitchside-test-'));
let passed = 0;
let failed = 0;
let broken = false;

function run(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function vitest(title, config, name) {
  const file = join(out, `${name}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
  if (config) args.push('--config', config);
  const ok = run(title, 'npx', args);
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    if (!ok && report.numFailedTests === 0) broken = true;
  } catch {
    broken = true;
    console.error(`✖ ${title}: no test report (the run crashed)`);
  }
}

const typesOk = run('Type check', 'npx', ['tsc', '--noEmit']);
const lintOk = run('Lint and format check (Biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']);
vitest('Unit tests', null, 'unit');
const buildOk = run('Build (Chrome MV3)', 'npx', ['wxt', 'build']) && run('Build (Firefox)', 'npx', ['wxt', 'build', '-b', 'firefox']);
if (buildOk) vitest('End-to-end tests in Chromium', 'vitest.e2e.config.ts', 'e2e');
else broken = true;
// Builds its own Firefox test build; skips itself (0 tests) where Firefox ESR is absent.
vitest('Firefox check (Firefox ESR over WebDriver BiDi)', 'vitest.firefox.config.ts', 'firefox');

rmSync(out, { recursive: true, force: true });
if (!typesOk) console.error('✖ The type check failed.');
if (!lintOk) console.error('✖ Lint or format check failed (npx biome check . shows where; scripts/format-all.sh fixes formatting).');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken || !typesOk || !lintOk ? 1 : 0);
