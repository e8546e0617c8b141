#!/usr/bin/env node
// The alvh command line: wires the command table into one program and turns user errors into one-line
// messages (no stack trace) with a non-zero exit.
import { Command, CommanderError } from 'commander';
import { FileError, isFileSystemError, UserError } from '../core/errors.js';
import { registerCommands } from './commands.js';
import { quietOnClosedPipe } from './closed-pipe.js';

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('alvh')
    .description('Backtest, price, simulate and run the Adaptive Layered VIX Hedge on SPX iron condors')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  await registerCommands(program, argv.slice(2));
  await program.parseAsync(argv);
}

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  // A failed system call on a path is the user's environment (a full disk, a read-only or missing folder),
  // not a bug: one line with the path and the system's reason.
  const userError = isFileSystemError(err)
    ? new FileError(`cannot ${err.syscall ?? 'use'}`, err.path, err)
    : err;
  if (userError instanceof UserError) {
    process.stderr.write(`alvh: ${userError.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `alvh: internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 70;
});
