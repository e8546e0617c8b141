// The alvh command line: wires the command table into one program and turns user errors into one-line
// messages (no stack trace) with a non-zero exit. main.ts runs it for every command line but `--version`.
import { createRequire } from 'node:module';
import type * as CommanderModule from 'commander';
import { alvhVersion } from '../core/version.js';
import { FileError, isFileSystemError, UserError } from '../core/errors.js';
import { registerCommands } from './commands.js';
import { quietOnClosedPipe } from './closed-pipe.js';
import { PROGRAM_DESCRIPTION } from './top-help.js';

// Commander through require: its CommonJS files load directly, without the ES-module wrapper and the
// export scan an import of a CommonJS package costs (a third of its load time, on every command).
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof CommanderModule;

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('alvh')
    .description(PROGRAM_DESCRIPTION)
    .version(alvhVersion())
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
