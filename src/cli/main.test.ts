import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './spawn-cli.test-helper.js';

/** A user error: one line on stderr naming the problem, no stack trace, exit code 2. */
async function assertUserError(args: string[], pattern: RegExp): Promise<void> {
  const run = await runCli(args);
  assert.equal(run.code, 2, `${args.join(' ')}: exit code (stderr: ${run.stderr})`);
  assert.match(run.stderr, pattern, args.join(' '));
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, `one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
}

for (const [args, pattern] of [
  [['backtest', '--from', 'foo'], /--from: expected a date as YYYY-MM-DD, found 'foo'$/m],
  [
    ['backtest', '--to', '2009-99-01'],
    /--to: expected a date as YYYY-MM-DD, found '2009-99-01', which is not a day/,
  ],
  [['signal', '--date', '2006-13-45'], /--date: expected a date as YYYY-MM-DD, found '2006-13-45'/],
  [['journal', 'run', '--date', 'bad'], /--date: expected a date as YYYY-MM-DD, found 'bad'/],
  [['journal', 'show', '--date', 'foo'], /--date: expected a date as YYYY-MM-DD, found 'foo'/],
  [
    ['data', 'fetch', '--out', 'x', '--from-contract', '2013-13'],
    /--from-contract: expected a month as YYYY-MM \(01 to 12\), found '2013-13'/,
  ],
  [
    ['signal', '--data', 'X', '--years', '20'],
    /--years sets the synthetic market; it cannot be combined with --data/,
  ],
  [['backtest', '--history', 'modeled'], /--history: expected one of real, modelled, found 'modeled'/],
  [['signal', '--history', 'modelled'], /--history modelled fills gaps in real data: it needs --data <dir>/],
  [
    ['signal', '--data', 'X', '--seed', '42'],
    /--seed sets the synthetic market; it cannot be combined with --data/,
  ],
] as const) {
  test(`${args.join(' ')}: a one-line user error`, () => assertUserError([...args], pattern));
}

test('an output folder that cannot be made is a user error with the path and the reason', async () => {
  for (const cmd of [['backtest'], ['sim'], ['montecarlo', '--paths', '100000', '--years', '100']])
    await assertUserError(
      [...cmd, '--out', '/dev/null/x'],
      /--out: cannot create the folder \/dev\/null\/x: not a directory \(ENOTDIR\)/,
    );
});

test('journal: a path that cannot hold a journal, a file that is not one, a journal that does not exist', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-cli-'));
  try {
    await assertUserError(
      ['journal', 'run', '--journal', '/dev/null/j.sqlite', '--years', '2'],
      /journal \/dev\/null\/j\.sqlite: cannot create its lock file \/dev\/null\/j\.sqlite\.lock: not a directory \(ENOTDIR\)/,
    );
    const notJournal = join(dir, 'notes.sqlite');
    writeFileSync(notJournal, 'these are my notes, not a database\n'.repeat(100));
    await assertUserError(
      ['journal', 'run', '--journal', notJournal, '--years', '2'],
      /notes\.sqlite is not an alvh journal: not a readable SQLite file \(file is not a database\)/,
    );
    await assertUserError(
      ['journal', 'show', '--journal', join(dir, 'missing.sqlite')],
      /journal file .*missing\.sqlite not found/,
    );
    // A day recorded, then the same day on other data: recorded again, with a one-line warning.
    const journal = join(dir, 'j.sqlite');
    assert.equal((await runCli(['journal', 'run', '--journal', journal, '--years', '2'])).code, 0);
    const rerun = await runCli(['journal', 'run', '--journal', journal, '--years', '2', '--seed', '7']);
    assert.equal(rerun.code, 0);
    assert.match(
      rerun.stderr,
      /^alvh: warning: data changed since the journal's day \S+: fingerprint \w+ -> \w+, /,
    );
    assert.equal(rerun.stderr.trimEnd().split('\n').length, 1);
    await assertUserError(
      ['journal', 'show', '--journal', journal, '--date', '2000-01-03'],
      /--date: 2000-01-03 is not in the journal \(1 day\(s\) from/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the command table: each lazily loaded command registers under its name with the summary --help shows', async () => {
  const { Command } = await import('commander');
  const { COMMANDS, commandNamed } = await import('./commands.js');
  for (const entry of COMMANDS) {
    const program = new Command();
    (await entry.load()).register(program);
    const cmd = program.commands.find((c) => c.name() === entry.name);
    assert.ok(cmd !== undefined, `${entry.name} registers itself`);
    assert.equal(cmd.description(), entry.summary, `${entry.name}: the table's summary is the command's`);
  }
  assert.equal(commandNamed(['backtest', '--data', 'x'])?.name, 'backtest');
  assert.equal(commandNamed(['help', 'signal'])?.name, 'signal');
  assert.equal(commandNamed(['--version']), undefined);
  const help = await runCli(['--help']);
  for (const entry of COMMANDS) assert.match(help.stdout, new RegExp(`\\n  ${entry.name} `));
});

test('alvh --version answers from package.json, and the full program (commander) gives the same version', async () => {
  const { readFileSync } = await import('node:fs');
  const { packageRoot } = await import('../core/paths.js');
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  for (const args of [['--version'], ['-V'], ['--version', '--version']]) {
    const run = await runCli(args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${pkg.version}\n`, args.join(' '));
  }
});

test('alvh --help (answered without commander) is what commander prints, at every terminal width', async () => {
  const { Command } = await import('commander');
  const { registerCommands } = await import('./commands.js');
  const { PROGRAM_DESCRIPTION, topLevelHelp } = await import('./top-help.js');
  const { alvhVersion } = await import('../core/version.js');
  for (const width of [undefined, 20, 39, 40, 41, 60, 79, 80, 100, 120, 200]) {
    const program = new Command()
      .name('alvh')
      .description(PROGRAM_DESCRIPTION)
      .version(alvhVersion())
      // Undefined is what commander gets when stdout is not a terminal (it then uses 80).
      .configureOutput({ getOutHelpWidth: () => width as number });
    await registerCommands(program, []);
    assert.equal(topLevelHelp(width), program.helpInformation(), `width ${width}`);
  }
  for (const args of [['--help'], ['-h'], ['help']]) {
    const run = await runCli(args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, topLevelHelp(), args.join(' '));
  }
});
