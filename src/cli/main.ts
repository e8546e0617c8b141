#!/usr/bin/env node
// The alvh command's entry: answers `alvh --version` from package.json before anything else loads and
// `alvh --help` from the command table alone (top-help.ts), and hands every other command line to the
// program (program.ts), which loads only the command that runs.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // A closed pipe (`alvh --version | true`) ends quietly, as every other command does (closed-pipe.ts).
  process.stdout.on('error', () => undefined);
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${pkg.version}\n`);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  process.stdout.on('error', () => undefined);
  const { topLevelHelp } = await import('./top-help.js');
  process.stdout.write(topLevelHelp(process.stdout.isTTY ? process.stdout.columns : undefined));
} else await import('./program.js');
