// Typed errors: user mistakes (bad data, bad strategy files, bad arguments) carry where and what, so the
// CLI can print them in a line or two without a stack trace.

/** Base of every error caused by user input; the CLI prints `message` and exits non-zero. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export interface DataLocation {
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** Column or field name, when known. */
  field?: string;
}

function describeLocation(loc: DataLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.field !== undefined) s += ` [${loc.field}]`;
  return s;
}

/** A malformed data file: names file, line and field, what was expected and what was found. */
export class DataError extends UserError {
  readonly location: DataLocation;
  readonly reason: string;
  constructor(location: DataLocation, reason: string) {
    super(`${describeLocation(location)}: ${reason}`);
    this.name = 'DataError';
    this.location = location;
    this.reason = reason;
  }
}

export interface StrategyProblem {
  keyPath: string;
  reason: string;
}

const shownPath = (keyPath: string): string => (keyPath === '' ? '(root)' : keyPath);

/**
 * An invalid strategy file: names the key path. Several problems are all listed, one a line after a first
 * line that counts them (a user fixes a file in one pass, not one error per run).
 */
export class StrategyError extends UserError {
  readonly keyPath: string;
  readonly problems: readonly StrategyProblem[];
  constructor(file: string, keyPath: string, reason: string, more: readonly StrategyProblem[] = []) {
    const all = [{ keyPath, reason }, ...more];
    super(
      all.length === 1
        ? `${file}: ${shownPath(keyPath)}: ${reason}`
        : `${file}: ${all.length} problems\n${all.map((p) => `  ${shownPath(p.keyPath)}: ${p.reason}`).join('\n')}`,
    );
    this.name = 'StrategyError';
    this.keyPath = keyPath;
    this.problems = all;
  }
}

/** A bad command-line argument or option value. */
export class ArgumentError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** Node's error from a failed system call on a path (open, mkdir, rename, ...): ENOENT, EACCES, ENOTDIR... */
export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException & { path: string } {
  const e = err as NodeJS.ErrnoException | null;
  return err instanceof Error && typeof e?.code === 'string' && typeof e.path === 'string';
}

/** The operating system's reason, e.g. 'not a directory (ENOTDIR)', without Node's call and path decoration. */
export function systemReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const m = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message);
  return typeof code === 'string' ? `${m ? m[1] : err.message} (${code})` : err.message;
}

/** A file or folder that cannot be read or written: what was attempted, the path, and the system's reason. */
export class FileError extends UserError {
  constructor(attempt: string, path: string, cause: unknown) {
    super(`${attempt} ${path}: ${systemReason(cause)}`);
    this.name = 'FileError';
  }
}

/** A programming invariant broke: a bug, never a user mistake. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`internal invariant failed: ${message}`);
}
