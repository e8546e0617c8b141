// Parsers of option values: each names its option, what it expects and what it found, so a typo stops the
// command with one line (exit 2) before any work starts. Commander calls them while it parses the line.
import { tryParseIsoDay } from '../core/dates.js';
import { readFileSync } from 'node:fs';
import { ArgumentError } from '../core/errors.js';

export function parsePositiveInt(text: string, option: string, max = 1_000_000): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ArgumentError(`${option}: expected a whole number from 1 to ${max}, found '${text}'`);
  return n;
}

/** A positive finite number (thousands separators allowed: 250,000). */
export function parsePositiveNumber(text: string, option: string): number {
  const x = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(x) || x <= 0)
    throw new ArgumentError(`${option}: expected a positive number, found '${text}'`);
  return x;
}

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new ArgumentError(`--seed: expected a whole number from 0 to 4294967295, found '${text}'`);
  return n;
}

/** An ISO calendar date; returned as given, so the library compares the same text the user typed. */
export function parseDate(text: string, option: string): string {
  if (Number.isNaN(tryParseIsoDay(text))) {
    const shape = /^\d{4}-\d{2}-\d{2}$/.test(text) ? ', which is not a day of the calendar' : '';
    throw new ArgumentError(`${option}: expected a date as YYYY-MM-DD, found '${text}'${shape}`);
  }
  return text;
}

/** A contract month YYYY-MM with a month from 01 to 12. */
export function parseMonth(text: string, option: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new ArgumentError(`${option}: expected a month as YYYY-MM (01 to 12), found '${text}'`);
  return text;
}

/** Commander's value parser for a date option: `.option('--from <date>', '...', dateOption('--from'))`. */
export function dateOption(option: string): (text: string) => string {
  return (text) => parseDate(text, option);
}

/** Commander's value parser for an option that takes one of a fixed list of words. */
export function choiceOption<T extends string>(option: string, choices: readonly T[]): (text: string) => T {
  return (text) => {
    const found = choices.find((c) => c === text);
    if (found === undefined)
      throw new ArgumentError(`${option}: expected one of ${choices.join(', ')}, found '${text}'`);
    return found;
  };
}

/** `--from` and `--to` in order (ISO dates compare as text); the range given back as it was. */
export function checkDateRange<T extends { from?: string; to?: string }>(opts: T): T {
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to)
    throw new ArgumentError(`--from ${opts.from} is after --to ${opts.to}: give the earlier day first`);
  return opts;
}

/** The JSON document in the file an option names (read when the command runs, before any work). */
export function readJsonFile(file: string, option: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new ArgumentError(`${option}: cannot read ${file} as JSON (${(e as Error).message})`);
  }
}
