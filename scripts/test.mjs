#!/usr/bin/env node
// Runs every test: type check, unit tests (Vitest), the build, then the end-to-end suite in
// Chromium. Ends with one line "N passed, N failed" that CI reads as the test count.
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
vitest('Unit tests', null, 'unit');
const buildOk = run('Build (Chrome MV3)', 'npx', ['wxt', 'build']) && run('Build (Firefox)', 'npx', ['wxt', 'build', '-b', 'firefox']);
if (buildOk) vitest('End-to-end tests in Chromium', 'vitest.e2e.config.ts', 'e2e');
else broken = true;

rmSync(out, { recursive: true, force: true });
if (!typesOk) console.error('✖ The type check failed.');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken || !typesOk ? 1 : 0);
