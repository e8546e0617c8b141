import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { seriesCoverage } from './coverage.js';
import { loadDatedColumns } from './loaders/dated-columns.js';
import { loadVixContracts } from './loaders/vix-futures.js';
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

test('the reference data: coverage and spot values read by hand from the files', () => {
  const t0 = Date.now();
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const ms = Date.now() - t0;
  assert.ok(ms < 5000, `loaded in ${ms} ms`);
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
  assert.equal(
    panel.repairs.filter((r) => r.series === 'vix' && /outside \[/.test(r.action)).length,
    47,
    'the 47 bad VIX opens of PROVENANCE.md',
  );
  assert.ok(
    panel.warnings.filter((w) => /suspect_settle/.test(w)).length === 4,
    'the four flagged placeholder settlements',
  );
});

test('the raw Cboe CFE file (x10 before 2007-03-26) gives the same curves as the cleaned file', () => {
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

test('a breadth row far below a normal day is set missing and listed (1999-05-25)', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const i = panel.dates.indexOf('1999-05-25');
  assert.ok(Number.isNaN(panel.series.advances[i]) && Number.isNaN(panel.series.declines[i]));
  assert.ok(panel.repairs.some((r) => r.series === 'breadth' && r.date === '1999-05-25'));
});
