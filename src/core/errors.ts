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

/** An invalid strategy file: names the key path. */
export class StrategyError extends UserError {
  readonly keyPath: string;
  constructor(file: string, keyPath: string, reason: string) {
    super(`${file}: ${keyPath === '' ? '(root)' : keyPath}: ${reason}`);
    this.name = 'StrategyError';
    this.keyPath = keyPath;
  }
}

/** A bad command-line argument or option value. */
export class ArgumentError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A programming invariant broke: a bug, never a user mistake. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`internal invariant failed: ${message}`);
}
