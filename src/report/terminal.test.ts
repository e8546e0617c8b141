import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRun } from '../analytics/summary.js';
import { fixtureRun } from '../analytics/fixture-book.test-helper.js';
import { STRESS_WINDOWS } from '../analytics/stress.js';
import { bareBacktest, hedgedBacktest, soloBacktest } from './fixture-runs.test-helper.js';
import { dollars, pct, renderBacktestSummary, wrapNote } from './terminal.js';

/** The fixture run as real data: the named stress windows apply to it. */
const realFixture = () => ({ ...fixtureRun(), source: 'real' as const });

test('formatters: fixed decimals, no negative zero, locale-free thousands', () => {
  assert.equal(pct(-0.123456), '-12.3%');
  assert.equal(pct(-0.00001), '0.0%');
  assert.equal(pct(null), 'n/a');
  assert.equal(dollars(-1234567.4), '-1,234,567');
  assert.equal(dollars(999), '999');
});

test('the summary renders every section, without ANSI codes when colour is off', () => {
  const s = summarizeRun(realFixture());
  const out = renderBacktestSummary(s, { color: false });
  assert.ok(!out.includes('\u001b'));
  for (const part of [
    'Books',
    'Claim check',
    'Attribution',
    'Stress windows',
    'Year by year',
    'ALVH v1',
    'Unhedged',
  ]) {
    assert.ok(out.includes(part), part);
  }
  for (const c of s.claims) assert.ok(out.includes(c.verdict) && out.includes(c.statement), c.id);
  assert.ok(out.includes('Feb 2018 (Volmageddon)'));
  assert.match(out, /Aug 2024\s+2024-08-01 \.\. 2024-08-31\s+not in run/);
  assert.ok(out.split('\n').every((l) => l === l.trimEnd()));
  assert.ok(renderBacktestSummary(s, { color: true }).includes('\u001b['));
});

test('the books table keeps its columns aligned: every value row ends at the same width', () => {
  const out = renderBacktestSummary(summarizeRun(fixtureRun()), { color: false });
  assertBooksAligned(out);
});

function assertBooksAligned(out: string): void {
  const lines = out.split('\n\n')[1].split('\n').slice(1);
  const widths = new Set(lines.map((l) => l.length));
  assert.equal(widths.size, 1, [...widths].join(','));
}

/** The lines of the section whose title starts with `title`, up to the next blank line. */
function section(out: string, title: string): string[] {
  const block = out.split('\n\n').find((b) => b.startsWith(title));
  assert.ok(block, title);
  return block.split('\n');
}

/**
 * The rows of a table cut into column blocks to fit the width, joined back: row k of every block (which all
 * start with the first column) after one another.
 */
function joinedRows(out: string, title: string): string[] {
  const blocks = out.split('\n\n');
  const first = blocks.findIndex((b) => b.startsWith(title));
  assert.ok(first >= 0, title);
  const lines = blocks[first].split('\n').slice(1);
  const firstHeader = lines[0].split(' ')[0];
  const rows = lines.slice(2);
  for (let k = first + 1; k < blocks.length && blocks[k].startsWith(firstHeader); k++)
    blocks[k]
      .split('\n')
      .slice(2)
      .forEach((l, j) => {
        if (j < rows.length) rows[j] += l;
      });
  return rows;
}

test('a synthetic run: its own worst SPX stretches, no named historical windows, and a note saying why', () => {
  const out = renderBacktestSummary(summarizeRun(fixtureRun()), { color: false });
  const stress = section(out, 'Stress windows');
  assert.match(stress[0], /synthetic path's own worst 63-trading-day SPX falls/);
  assert.match(stress[3], /^Worst 63 trading days #1\s+2018-01-03 \.\. 2018-03-30\s+full/);
  assert.match(stress[stress.length - 1], /^Named historical windows .* not applied/);
  for (const w of STRESS_WINDOWS) assert.ok(!out.includes(w.name), w.name);
});

test('no baselines: the strategy and its unhedged twin only, every table rendered', () => {
  const { summary } = soloBacktest();
  assert.equal(summary.books.length, 2);
  const out = renderBacktestSummary(summary, { color: false });
  assertBooksAligned(out);
  for (const part of ['Books', 'Claim check', 'Attribution', 'Stress windows', 'Year by year'])
    assert.ok(out.includes(part), part);
  assert.match(section(out, 'Books')[1], /^metric\s+ALVH v1\s+Unhedged condors$/);
  assert.ok(out.split('\n').every((l) => l === l.trimEnd()));
});

test('a strategy without layers: distinct column titles, sleeve P&L n/a rather than 0', () => {
  const { summary } = bareBacktest();
  const out = renderBacktestSummary(summary, { color: false });
  assertBooksAligned(out);
  assert.match(
    section(out, 'Books')[1],
    /^metric\s+Unhedged condors \(condor\)\s+Unhedged condors \(unhedged\)$/,
  );
  const years = section(out, 'Year by year');
  for (const row of years.slice(3, -1)) assert.match(row, /\s+n\/a$/, row);
  assert.match(years[years.length - 1], /sleeve P&L n\/a: condor has no hedge layers/);
  const stress = joinedRows(out, 'Stress windows');
  assert.ok(stress.length > 0);
  for (const row of stress.filter((r) => r.startsWith('Worst'))) assert.match(row, /\s+n\/a$/, row);
  assert.ok(!section(out, 'Attribution').some((l) => l.includes('sleeve total')));
});

test('every line of the summary fits 120 columns, with or without colour', () => {
  for (const { summary } of [hedgedBacktest(), bareBacktest(), soloBacktest()]) {
    const out = renderBacktestSummary(summary, { color: false });
    const long = out.split('\n').filter((l) => l.length > 120);
    assert.deepEqual(long, []);
    assert.ok(out.includes('Trades: closed round trips'));
  }
});

test('notes wrap at spaces to 120 columns, continuation lines indented, no word lost', () => {
  const note = Array.from({ length: 60 }, (_, k) => `word${k}`).join(' ');
  const out = wrapNote(note);
  const lines = out.trimEnd().split('\n');
  assert.ok(lines.length > 1);
  assert.ok(lines.every((l) => l.length <= 120));
  assert.ok(lines[0].startsWith('  word0 ') && lines[1].startsWith('    '));
  assert.equal(lines.map((l) => l.trim()).join(' '), note);
  assert.equal(wrapNote('short'), '  short\n');
});
