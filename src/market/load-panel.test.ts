import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { seriesCoverage } from './coverage.js';
import { loadDatedColumns } from './loaders/dated-columns.js';
import { loadFomcDates } from './loaders/fomc.js';
import { loadVixContracts, loadVixWide } from './loaders/vix-futures.js';
import { dtb3ToContinuous, loadPanel } from './load-panel.js';
import { readManifest } from './manifest.js';
import { vixExpiration } from './expirations.js';

const fx = (name: string): string => join(fixturesDir(), 'market', name);
const ohlc = {
  columns: { open: ['OPEN', 'open'], high: ['HIGH', 'high'], low: ['LOW', 'low'], close: ['CLOSE', 'close'] },
  positive: true,
};

function expectDataError(
  fn: () => unknown,
  line: number | undefined,
  field: string | undefined,
  pattern: RegExp,
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.equal(e.location.line, line);
    assert.equal(e.location.field, field);
    assert.match(e.message, pattern);
    return true;
  });
}

test('malformed files stop with file, line, field and what was expected', () => {
  expectDataError(
    () => loadDatedColumns(fx('missing-column.csv'), 'missing-column.csv', ohlc),
    1,
    'CLOSE',
    /missing column: expected 'CLOSE' or 'close', found 'DATE', 'OPEN', 'HIGH', 'LOW'/,
  );
  expectDataError(
    () => loadDatedColumns(fx('bad-number.csv'), 'bad-number.csv', ohlc),
    3,
    'CLOSE',
    /expected a number, found 'abc'/,
  );
  expectDataError(
    () => loadDatedColumns(fx('unsorted.csv'), 'unsorted.csv', ohlc),
    3,
    'DATE',
    /dates out of order/,
  );
  expectDataError(
    () => loadDatedColumns(fx('duplicate.csv'), 'duplicate.csv', ohlc),
    3,
    'DATE',
    /a duplicate date/,
  );
  expectDataError(
    () => loadDatedColumns(fx('negative.csv'), 'negative.csv', ohlc),
    3,
    'close',
    /expected a positive value, found -4690/,
  );
  expectDataError(
    () => loadDatedColumns(fx('bad-date.csv'), 'bad-date.csv', ohlc),
    3,
    'DATE',
    /expected a date .* found '2024-13-45'/,
  );
  expectDataError(
    () => loadVixContracts(fx('vx-bad-month.csv'), 'vx-bad-month.csv'),
    2,
    'contract_month',
    /expected a contract month YYYY-MM, found '2024-1'/,
  );
  expectDataError(
    () => readManifest(fx('manifest-unknown-key.json')),
    undefined,
    'sources[0]',
    /unknown key\(s\) colour/,
  );
  expectDataError(() => readManifest(fx('manifest-no-spx.json')), undefined, 'sources', /target 'spx'/);
  const fred = loadDatedColumns(fx('fred-ok.csv'), 'fred-ok.csv', {
    columns: { v: ['DTB3'] },
    missing: ['.'],
  });
  assert.ok(Number.isNaN(fred.columns.v[1]), "FRED '.' is a missing value, not an error");
});

test('a small data folder with its own manifest: alignment and explicit repairs', () => {
  const panel = loadPanel({ dataDir: fx('mini') });
  assert.equal(panel.n, 7);
  assert.equal(panel.source, 'real');
  const i = panel.dates.indexOf('2024-01-03');
  // The open 20.0 lies above the high 14.22: clamped, and listed.
  assert.equal(panel.series.vixOpen[i], 14.22);
  assert.ok(
    panel.repairs.some(
      (r) => r.series === 'vix' && r.date === '2024-01-03' && /clamped to 14.22/.test(r.action),
    ),
  );
  // 2024-01-06 is a Saturday: the VIX row is dropped and said.
  assert.ok(panel.repairs.some((r) => r.series === 'vix' && /2024-01-06/.test(r.action)));
  // VVIX has no row on 2024-01-09: NaN, never invented.
  assert.ok(Number.isNaN(panel.series.vvixClose[panel.dates.indexOf('2024-01-09')]));
  // The rate of 2024-01-04 is missing ('.'): carried from the day before, and said.
  assert.equal(panel.series.rateAnnual[panel.dates.indexOf('2024-01-04')], dtb3ToContinuous(5.24));
  assert.ok(panel.repairs.some((r) => r.series === 'rate' && /carry the last published rate/.test(r.action)));
  // Wide futures: M1 on 2024-01-02 is the January contract (expiring 2024-01-17).
  const f = panel.futures;
  assert.equal(f.expiry[f.start[0]], vixExpiration(2024, 1));
  assert.equal(f.settle[f.start[0]], 14.1);
  assert.equal(
    panel.fomc.tradingDaysToNext[0],
    20,
    'trading days from 2024-01-02 to the 2024-01-31 decision',
  );
  const cov = seriesCoverage(panel).find((c) => c.series === 'vvixClose')!;
  assert.deepEqual([cov.first, cov.last, cov.rows, cov.missingDays], ['2024-01-02', '2024-01-10', 6, 1]);
});

test('the reference data: coverage and spot values read by hand from the files', (t) => {
  if (skipWithoutSharedData(t)) return;
  // Load time is a benchmark figure (`npm run bench`), not a test.
  const panel = loadPanel({ dataDir: sharedDataDir() });
  assert.equal(panel.dates[0], '1990-01-02');
  assert.equal(panel.dates[panel.n - 1], '2026-07-23');
  assert.equal(panel.n, 9206, 'the SPX trading days of PROVENANCE.md');
  const at = (d: string): number => panel.dates.indexOf(d);
  assert.equal(panel.series.vixClose[at('2008-11-20')], 80.86);
  // After 2023-12-28 the combined file takes Investing.com closes (2 decimals): 4697.24 on 2024-01-05.
  assert.equal(panel.series.spxClose[at('2024-01-05')], 4697.24);
  assert.ok(
    Number.isNaN(panel.series.vix9dClose[at('2010-12-31')]) && panel.series.vix9dClose[at('2011-01-04')] > 0,
    'VIX9D starts 2011-01-04',
  );
  assert.ok(
    Number.isNaN(panel.series.vvixClose[at('2006-03-15')]),
    'VVIX before 2007 is dropped (bad values)',
  );
  assert.equal(panel.series.vvixClose[at('2007-01-03')] > 0, true);
  // DTB3 on 2008-12-31 is 0.11 (discount basis, %) in macro/DTB3_1954_2018.csv.
  assert.ok(Math.abs(panel.series.rateAnnual[at('2008-12-31')] - dtb3ToContinuous(0.11)) < 1e-15);
  const f = panel.futures;
  const j = at('2010-06-01');
  const curve = Array.from(f.settle.slice(f.start[j], f.start[j + 1]));
  assert.ok(curve.length >= 6, 'six or more contracts listed in 2010');
  assert.equal(f.expiry[f.start[j]], vixExpiration(2010, 6));
  // The splice: every day from 2004-03-26 has at least two futures, none is missing.
  for (let k = at('2004-03-26'); k < panel.n; k++)
    assert.ok(f.start[k + 1] - f.start[k] >= 2, `futures on ${panel.dates[k]}`);
  assert.ok(
    panel.repairs.some((r) => r.series === 'vix' && /2004-06-11/.test(r.action)),
    'the 2004-06-11 VIX row is dropped and said',
  );
  // The 47 bad VIX opens of PROVENANCE.md: 45 clamped into [low, high], two (2004-11-08 at 2.58, 2006-02-08
  // at 41.60) so far from both closes that they are set missing, as is 2004-01-21 (36.55, the high repeating it).
  assert.equal(panel.repairs.filter((r) => r.series === 'vix' && /outside \[/.test(r.action)).length, 45);
  assert.deepEqual(
    panel.repairs.filter((r) => r.series === 'vix' && /bad print/.test(r.action)).map((r) => r.date),
    ['2004-01-21', '2004-11-08', '2006-02-08'],
  );
  assert.ok(
    panel.warnings.filter((w) => /suspect_settle/.test(w)).length === 4,
    'the four flagged placeholder settlements',
  );
});

test('the raw Cboe CFE file (x10 before 2007-03-26) gives the same curves as the cleaned file', (t) => {
  if (skipWithoutSharedData(t)) return;
  const raw = loadVixContracts(
    join(sharedDataDir(), 'vix-futures', 'cfe_raw', 'cfe_vx_all_contracts_2004_2014.csv'),
    'raw',
  );
  const clean = loadVixContracts(
    join(sharedDataDir(), 'vix-futures', 'vx_contracts_daily_2004_2015_clean.csv'),
    'clean',
  );
  assert.ok(
    raw.warnings.includes('raw: 338 zero settlement(s) (pre-listing placeholders) dropped'),
    'the 338 placeholders of PROVENANCE.md',
  );
  assert.ok(raw.warnings.some((w) => /divided by 10/.test(w)));
  const byDay = new Map(clean.rows.map((r) => [r.day, r]));
  let compared = 0;
  for (const r of raw.rows) {
    const c = byDay.get(r.day);
    if (!c || c.expiry.length !== r.expiry.length) continue;
    assert.deepEqual(r.expiry, c.expiry);
    assert.deepEqual(r.settle, c.settle, `settlements on day ${r.day}`);
    compared++;
  }
  assert.ok(compared > 1000, `${compared} days compared`);
});

test('a breadth row far below a normal day is set missing and listed (1999-05-25)', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const i = panel.dates.indexOf('1999-05-25');
  assert.ok(Number.isNaN(panel.series.advances[i]) && Number.isNaN(panel.series.declines[i]));
  assert.ok(panel.repairs.some((r) => r.series === 'breadth' && r.date === '1999-05-25'));
});

const bad = (name: string): string => join(fixturesDir(), 'market', 'malformed', name);

test('malformed files of every format stop with file, line and reason', () => {
  const fredSpec = { columns: { close: ['DTB3'] }, missing: ['.', ''] };
  expectDataError(
    () => loadDatedColumns(bad('fred-bad-number.csv'), 'fred-bad-number.csv', fredSpec),
    3,
    'DTB3',
    /expected a number, found 'n\/a'/,
  );
  assert.throws(
    () => loadDatedColumns(bad('fred-bad-value.csv'), 'fred-bad-value.csv', fredSpec),
    (e: unknown) => e instanceof DataError && e.location.line === 3,
    'a decimal comma splits the row: line 3',
  );
  expectDataError(
    () =>
      loadDatedColumns(bad('tradingview-negative.csv'), 'tradingview-negative.csv', {
        columns: { close: ['close'] },
        positive: true,
        allowZero: true,
      }),
    3,
    'close',
    /expected a positive value, found -12/,
  );
  expectDataError(
    () => loadFomcDates(bad('fomc-bad-scheduled.csv'), 'fomc-bad-scheduled.csv'),
    3,
    'scheduled',
    /expected True or False, found 'yes'/,
  );
  expectDataError(
    () => loadFomcDates(bad('fomc-unsorted.csv'), 'fomc-unsorted.csv'),
    3,
    'decision_date',
    /dates out of order/,
  );
  expectDataError(
    () => loadVixWide(bad('vx-wide-one-month.csv'), 'vx-wide-one-month.csv'),
    1,
    undefined,
    /expected columns M1, M2, .* found Date, M1/,
  );
  expectDataError(
    () => loadVixContracts(bad('cfe-raw-bad-label.csv'), 'cfe-raw-bad-label.csv'),
    3,
    'Futures',
    /expected a contract label like 'K \(May 04\)', found 'K \(Mai 04\)'/,
  );
  expectDataError(
    () => loadVixContracts(bad('vx-outside-calendar.csv'), 'vx-outside-calendar.csv'),
    2,
    undefined,
    /outside the trading calendar \(1971-2100\)/,
  );
});

/** A copy of the mini folder in a temporary directory, with its manifest and files edited. */
function miniCopy(
  edit: (m: { sources: Record<string, unknown>[] } & Record<string, unknown>) => void,
  files: Record<string, string> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-mini-'));
  cpSync(fx('mini'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'alvh-manifest.json'), 'utf8'));
  edit(manifest);
  writeFileSync(join(dir, 'alvh-manifest.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('a folder for a file, and a date before the calendar, are data errors, not crashes', () => {
  const dir = miniCopy((m) => m.sources.push({ target: 'vix9d', file: 'sub', format: 'cboe-ohlc' }));
  mkdirSync(join(dir, 'sub'));
  assert.throws(
    () => loadPanel({ dataDir: dir }),
    (e: unknown) => e instanceof DataError && /is a folder, not a file/.test(e.message),
  );
  const old = miniCopy(() => undefined, {
    'spx.csv':
      'date,open,high,low,close\n1961-12-29,71.55,71.55,71.55,71.55\n2024-01-02,4745,4754,4722,4742.83\n',
  });
  assert.throws(
    () => loadPanel({ dataDir: old }),
    (e: unknown) =>
      e instanceof DataError &&
      e.location.file === 'spx.csv' &&
      /1961-12-29 is outside the trading calendar \(1971-2100\).*"from"/.test(e.message),
  );
});

test('overlapping sources, rows past the SPX days and missing SPX days are said, never silent', () => {
  const dir = miniCopy(
    (m) => m.sources.push({ target: 'rate', file: 'dtb3b.csv', format: 'fred-dtb3', column: 'DTB3' }),
    {
      'dtb3b.csv': 'DATE,DTB3\n2024-01-09,5.30\n2024-01-10,5.31\n2024-01-11,5.32\n',
      // 2024-01-04 is a trading day with no SPX row.
      'spx.csv': readFileSync(fx('mini/spx.csv'), 'utf8').replace(/2024-01-04,[^\n]*\n/, ''),
    },
  );
  const panel = loadPanel({ dataDir: dir });
  assert.ok(
    panel.warnings.some((w) =>
      /^dtb3b\.csv: 2 rate row\(s\) 2024-01-09\.\.2024-01-10 also given by dtb3\.csv/.test(w),
    ),
    panel.warnings.join('\n'),
  );
  assert.ok(
    panel.warnings.some((w) =>
      /dtb3b\.csv: 1 rate row\(s\) outside the SPX days not used \(1 after the last SPX day 2024-01-10\)/.test(
        w,
      ),
    ),
  );
  assert.ok(panel.warnings.some((w) => /1 NYSE trading day\(s\) have no SPX row.*2024-01-04/.test(w)));
  assert.equal(panel.series.rateAnnual[panel.dates.indexOf('2024-01-10')], dtb3ToContinuous(5.31));
});

test('SPY prices (Yahoo headers spy_open, ...) give the SOQ proxy; a bad SPY row is repaired and listed', () => {
  const dir = miniCopy(
    (m) =>
      m.sources.push(
        { target: 'spy', file: 'spy.csv', format: 'ohlc' },
        { target: 'spy-dividends', file: 'div.csv', format: 'cboe-value', column: 'Dividends' },
      ),
    {
      // 2024-01-08 opens above its own high: clamped to it (the rule of every OHLC series).
      'spy.csv':
        'date,spy_open,spy_high,spy_low,spy_close,spy_adj close,spy_volume\n' +
        '2024-01-02,472.16,473.67,470.49,472.65,0,0\n2024-01-03,470.43,471.19,468.17,468.79,0,0\n' +
        '2024-01-05,468.3,470.96,466.51,467.92,0,0\n2024-01-08,479,474.75,467.58,474.6,0,0\n',
      'div.csv': 'Date,Dividends\n2023-12-15,1.906\n',
    },
  );
  const panel = loadPanel({ dataDir: dir });
  const at = (d: string): number => panel.dates.indexOf(d);
  assert.equal(panel.series.spyClose[at('2024-01-03')], 468.79);
  assert.ok(Number.isNaN(panel.series.spyOpen[at('2024-01-04')]), 'no SPY row on 2024-01-04');
  const proxy = panel.spxSoqProxy!;
  // 2024-01-03: SPX closed 4742.83 the day before, SPY 472.65, then opened at 470.43.
  assert.ok(Math.abs(proxy[at('2024-01-03')] - (4742.83 * 470.43) / 472.65) < 1e-9);
  assert.ok(Number.isNaN(proxy[at('2024-01-04')]) && Number.isNaN(proxy[at('2024-01-05')]), 'a day missing');
  assert.ok(Math.abs(proxy[at('2024-01-08')] - (4697.24 * 474.75) / 467.92) < 1e-9, 'the clamped open');
  assert.ok(
    panel.repairs.some((r) => r.series === 'spy' && r.date === '2024-01-08' && /outside/.test(r.action)),
  );
});

test('a folder written as synthetic loads as synthetic', () => {
  const dir = miniCopy((m) => (m.synthetic = true));
  const panel = loadPanel({ dataDir: dir });
  assert.equal(panel.source, 'synthetic');
  assert.equal(panel.description, 'synthetic data (a week of January 2024, written for the loader tests)');
});

test('the reference data: every quirk of PROVENANCE.md repaired and listed, nothing invented', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const at = (d: string): number => panel.dates.indexOf(d);
  const cov = new Map(seriesCoverage(panel).map((c) => [c.series, c]));
  // First, last and rows, read from the files (rows: those on NYSE trading days from 1990-01-02 to 2026-07-23).
  const expect: [string, string, string, number][] = [
    ['vixClose', '1990-01-02', '2026-07-23', 9202],
    ['vix9dClose', '2011-01-04', '2026-07-22', 3909],
    ['vix6mClose', '2008-01-02', '2026-04-24', 4607],
    ['vvixClose', '2007-01-03', '2026-07-22', 4916],
    ['vix3mClose', '2005-01-03', '2026-07-22', 5421],
  ];
  for (const [name, first, last, rows] of expect) {
    const c = cov.get(name)!;
    assert.deepEqual([c.first, c.last, c.rows], [first, last, rows], name);
  }
  // DTB3 ends 2026-03-26: the panel does not carry it on to the last SPX day.
  assert.equal(cov.get('rateAnnual')!.last, '2026-03-26');
  assert.ok(Number.isNaN(panel.series.rateAnnual[at('2026-03-27')]));
  // VIX 2004-01-21: O = H = 36.55 beside closes of 15.21 and 14.34 is a bad print: open and high missing.
  const j = at('2004-01-21');
  assert.ok(Number.isNaN(panel.series.vixOpen[j]) && Number.isNaN(panel.series.vixHigh[j]));
  assert.equal(panel.series.vixLow[j], 14.24);
  // 1997-10-28 opened at 45.69 after a 31.12 close and traded to 48.64: a real gap, kept.
  assert.equal(panel.series.vixOpen[at('1997-10-28')], 45.69);
  // VIX6M 2019-07-05 has high < low: said, though only closes are read.
  assert.ok(panel.warnings.some((w) => /VIX6M_History\.csv: high below low on 2019-07-05/.test(w)));
  // Breadth: one-sided days of 1993-1996 are set missing and listed.
  assert.ok(
    panel.repairs.some(
      (r) => r.series === 'breadth' && /^117 day\(s\) with advances but no declines/.test(r.action),
    ),
  );
  assert.ok(Number.isNaN(panel.series.advances[at('1993-08-03')]));
  // Repairs name real files.
  assert.ok(
    panel.repairs.filter((r) => r.series === 'vix').every((r) => r.file === 'vix/vix_daily_cboe.csv'),
  );
  // SPX opens equal to the previous close: 2013-02-15 (an AM expiration) among them, listed by year.
  assert.equal(panel.series.spxOpen[at('2013-02-15')], panel.series.spxClose[at('2013-02-14')]);
  assert.ok(panel.repairs.some((r) => r.series === 'spx' && /2013 66/.test(r.action)));
  // Futures rows past the last SPX day are counted, not silently ignored.
  assert.ok(panel.warnings.some((w) => /42 vix-futures row\(s\) outside the SPX days/.test(w)));
});

test('FOMC: the countdown runs to the published calendar; unscheduled and dubious rows are said', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const at = (d: string): number => panel.dates.indexOf(d);
  // The 2020-03-15 (Sunday) call marks Monday 2020-03-16.
  assert.equal(panel.fomc.isDecisionDay[at('2020-03-16')], 1);
  // On 2020-03-10 the next scheduled decision is 2020-04-29: 15 trading days left in March after the 10th,
  // 20 in April to the 29th (Good Friday, 2020-04-10, closed): 35. The unscheduled calls do not count.
  assert.equal(panel.fomc.tradingDaysToNext[at('2020-03-10')], 35);
  // The dubious 2003-09-15 row is dropped: on 2003-09-12 the next decision is 2003-09-16, two trading days.
  assert.equal(panel.fomc.isDecisionDay[at('2003-09-15')], 0);
  assert.equal(panel.fomc.tradingDaysToNext[at('2003-09-12')], 2);
  assert.ok(panel.repairs.some((r) => r.series === 'fomc' && /dubious/.test(r.action)));
});
