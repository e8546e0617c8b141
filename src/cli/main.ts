#!/usr/bin/env node
// The alvh command line: wires each command's module into one program and turns user errors into one-line
// messages (no stack trace) with a non-zero exit.
import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors.js';
import { registerCommands } from './commands.js';

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('alvh')
    .description('Backtest, price, simulate and run the Adaptive Layered VIX Hedge on SPX iron condors')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  if (err instanceof UserError) {
    process.stderr.write(`alvh: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `alvh: internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 70;
});
