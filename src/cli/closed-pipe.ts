// A reader that stops early (`alvh backtest | head`) closes the pipe: the command ends quietly, as `cat`
// does, instead of dying on an unhandled EPIPE with a stack trace.
import type { Writable } from 'node:stream';

/**
 * Ends the process with exit code 0 when `stream` meets a closed pipe. Exiting at once, as SIGPIPE would, is
 * what a shell pipeline expects: nobody reads the rest, and a long run should not go on in the background.
 * Any other write error is rethrown, so it still reaches the user.
 */
export function quietOnClosedPipe(stream: Writable): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
