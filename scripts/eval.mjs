#!/usr/bin/env node
// Relevance of the matcher on the judged set in tests/eval/ (hit@5, MRR, never-violations),
// against plain baselines, for the tuning and the holdout contexts. Prints; never fails on a figure.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['tsx', 'tests/eval/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
