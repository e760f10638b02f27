#!/usr/bin/env node
// Pitchside's command line for support and marketing ops: read, check, convert, suggest.
// The commands are the extension's own TypeScript modules, run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
