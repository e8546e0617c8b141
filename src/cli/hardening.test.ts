import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

const mini = (): string => join(fixturesDir(), 'market', 'mini');

function copyOfMini(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-hard-'));
  cpSync(mini(), dir, { recursive: true });
  return dir;
}

/** A user error: one line on stderr, exit 2, no stack trace and no internal error. */
function assertUserError(run: { code: number | null; stderr: string }, pattern: RegExp, what: string): void {
  assert.equal(run.code, 2, `${what}: exit code (stderr: ${run.stderr})`);
  assert.match(run.stderr, pattern, what);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${what}: one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, what);
}

test('a future-dated SPX row is a data error in data check and in every command that reads the data', async () => {
  const dir = copyOfMini();
  try {
    appendFileSync(join(dir, 'spx.csv'), '2099-01-05,4760,4790,4750,4780\n');
    const pattern =
      /^alvh: spx\.csv:9 \[date\]: a row dated 2099-01-05 is in the future \(today is \d{4}-\d{2}-\d{2}\): fix or remove the row$/m;
    for (const args of [
      ['data', 'check', '--data', dir],
      ['backtest', '--data', dir, '--out', join(dir, 'out')],
      ['signal', '--data', dir],
      ['check', 'cndr', '--data', dir],
      ['journal', 'run', '--data', dir, '--journal', join(dir, 'j.sqlite')],
      ['sim', 'check', '--data', dir, '--paths', '1'],
    ])
      assertUserError(await runCli(args), pattern, args.slice(0, 2).join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('implausible values: an SPX close of 1e308 and a VIX close of 99,999 stop with file, line and range', async () => {
  const dir = copyOfMini();
  try {
    const spx = readFileSync(join(mini(), 'spx.csv'), 'utf8');
    writeFileSync(
      join(dir, 'spx.csv'),
      spx.replace('2024-01-05,4690,4721,4682,4697.24', '2024-01-05,4690,4721,4682,1e308'),
    );
    assertUserError(
      await runCli(['data', 'check', '--data', dir]),
      /^alvh: spx\.csv:5 \[close\]: spx 1\.0000e\+308 on 2024-01-05 is outside its plausible range 50 to 100,000 \(docs\/data\.md\)/,
      'spx 1e308',
    );
    writeFileSync(join(dir, 'spx.csv'), spx);
    const vix = readFileSync(join(mini(), 'vix.csv'), 'utf8').split('\n');
    const row = vix[4].split(',');
    row[4] = '99999';
    vix[4] = row.join(',');
    writeFileSync(join(dir, 'vix.csv'), vix.join('\n'));
    assertUserError(
      await runCli(['backtest', '--data', dir, '--out', join(dir, 'out')]),
      /^alvh: vix\.csv:5 \[CLOSE\]: vix 99,999 on \d{4}-\d{2}-\d{2} is outside its plausible range 5 to 150/,
      'vix 99999',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--out on procfs fails at once with the path and the reason (no endless recursive mkdir)', async () => {
  for (const cmd of [['backtest'], ['sim']])
    assertUserError(
      await runCli([...cmd, '--out', '/proc/nope/deeper']),
      /--out: cannot create the folder \/proc\/nope\/deeper: no such file or directory \(ENOENT\)/,
      cmd[0],
    );
});

test('check cndr on a range too short to compare, and --from after --to: user errors', async () => {
  const data = sharedDataDir();
  assertUserError(
    await runCli(['check', 'cndr', '--data', data, '--from', '2020-01-02', '--to', '2020-02-14']),
    /share 0 complete month\(s\): at least 3 are needed; widen --from\/--to/,
    'short range',
  );
  for (const cmd of [['backtest'], ['check', 'cndr']])
    assertUserError(
      await runCli([...cmd, '--from', '2020-03-02', '--to', '2020-01-15']),
      /--from 2020-03-02 is after --to 2020-01-15/,
      cmd.join(' '),
    );
});

/** Runs the CLI with its stdout read for one chunk and then closed, as `| head -1` does. */
function runIntoClosedPipe(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string; firstChunk: string }> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let firstChunk = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', (d: Buffer) => {
    firstChunk = d.toString();
    child.stdout.destroy();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, firstChunk }));
  });
}

test('a closed pipe ends backtest, journal show and pricing check quietly (no EPIPE stack trace)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-pipe-'));
  try {
    const journal = join(dir, 'j.sqlite');
    assert.equal((await runCli(['journal', 'run', '--journal', journal, '--years', '2'])).code, 0);
    for (const args of [
      ['backtest', '--years', '3', '--out', join(dir, 'out')],
      ['journal', 'show', '--journal', journal],
      ['pricing', 'check', '--data', sharedDataDir()],
    ]) {
      const run = await runIntoClosedPipe(args);
      assert.notEqual(run.firstChunk, '', `${args[0]}: printed something first`);
      assert.doesNotMatch(run.stderr, /EPIPE|internal error|\n\s+at /, `${args[0]}: ${run.stderr}`);
      assert.equal(run.code, 0, `${args[0]}: exit code (signal ${run.signal}; stderr ${run.stderr})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder written by alvh sim is SYNTHETIC in the banner; the same data by two paths gives identical files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-paths-'));
  try {
    const data = join(dir, 'syn');
    assert.equal((await runCli(['sim', '--years', '2', '--seed', '3', '--out', data])).code, 0);
    symlinkSync(data, join(dir, 'link'));
    const outs: string[] = [];
    for (const [via, out] of [
      [data, 'a'],
      [join(dir, 'link', '..', 'syn'), 'b'],
      [join(dir, 'link'), 'c'],
    ]) {
      const run = await runCli(['backtest', '--data', via, '--out', join(dir, out), '--baselines', 'none']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^SYNTHETIC MARKET \(written by alvh sim, not market history\) in /);
      assert.doesNotMatch(run.stdout, /REAL DATA/);
      outs.push(join(dir, out));
    }
    for (const file of ['summary.json', 'report.html']) {
      const a = readFileSync(join(outs[0], file));
      assert.doesNotMatch(
        a.toString(),
        new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        `${file}: no absolute path`,
      );
      for (const other of outs.slice(1))
        assert.ok(a.equals(readFileSync(join(other, file))), `${file} differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('signal on the reference data: stale inputs first, --strict exits 3, --json lists them, --equity sizes orders', async () => {
  const data = sharedDataDir();
  const strict = await runCli(['signal', '--data', data, '--strict', '--json', '--equity', '250000']);
  assert.equal(strict.code, 3, strict.stderr);
  assert.match(
    strict.stderr,
    /^alvh: --strict: stale or missing input\(s\): rate \(last 2026-03-26\), breadth \(last 2026-05-22\)$/m,
  );
  const d = JSON.parse(strict.stdout) as {
    stale_inputs: { input: string; last_date: string; trading_days_stale: number }[];
    account: { account_equity: number; factor: number };
  };
  assert.deepEqual(
    d.stale_inputs.map((s) => [s.input, s.last_date]),
    [
      ['rate', '2026-03-26'],
      ['breadth', '2026-05-22'],
    ],
  );
  assert.ok(d.stale_inputs.every((s) => s.trading_days_stale > 3));
  assert.equal(d.account.account_equity, 250000);
  const text = await runCli(['signal', '--data', data]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /ad_divergence: unknown/);
  assert.doesNotMatch(text.stdout, /ad_divergence: no/);
  assert.match(text.stdout, /STALE INPUT: breadth last 2026-05-22, \d+ trading day\(s\) old/);
  assert.match(
    text.stdout,
    /series ending before the SPX's last day 2026-07-23: .*rateAnnual 2026-03-26 \(\d+ trading day\(s\) after it carried\)/,
  );
});
