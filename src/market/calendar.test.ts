import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dayFromCivil, dayToIso, isoToDay, weekday } from '../core/dates.js';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import {
  addTradingDays,
  calendarCovers,
  easterSunday,
  isNyseTradingDay,
  nyseHolidays,
  tradingDaysBetween,
  tradingDaysInRange,
} from './calendar.js';
import {
  spxMonthlyExpiration,
  spxWeeklyExpirationsBetween,
  thirdFriday,
  vixContractMonthOf,
  vixExpiration,
  vixExpirationsBetween,
} from './expirations.js';

const iso = (d: number): string => dayToIso(d);

test('holidays of known years, read off the NYSE calendar by hand', () => {
  assert.deepEqual(nyseHolidays(2024).map(iso), [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-03-29',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-11-28',
    '2024-12-25',
  ]);
  // 2022: New Year on a Saturday is not observed; Juneteenth (Sunday) observed Monday 06-20.
  assert.deepEqual(nyseHolidays(2022).map(iso), [
    '2022-01-17',
    '2022-02-21',
    '2022-04-15',
    '2022-05-30',
    '2022-06-20',
    '2022-07-04',
    '2022-09-05',
    '2022-11-24',
    '2022-12-26',
  ]);
  // 2021: Independence Day (Sunday) -> Monday 07-05, Christmas (Saturday) -> Friday 12-24; no Juneteenth yet.
  assert.ok(nyseHolidays(2021).map(iso).includes('2021-07-05'));
  assert.ok(nyseHolidays(2021).map(iso).includes('2021-12-24'));
  assert.ok(
    !nyseHolidays(2021)
      .map(iso)
      .some((d) => d.startsWith('2021-06')),
  );
  // One-off closures.
  for (const d of [
    '2001-09-11',
    '2001-09-14',
    '2004-06-11',
    '2007-01-02',
    '2012-10-29',
    '2012-10-30',
    '2018-12-05',
    '2025-01-09',
    '1994-04-27',
  ]) {
    assert.equal(isNyseTradingDay(isoToDay(d)), false, d);
  }
  assert.equal(iso(easterSunday(2024)), '2024-03-31');
  assert.equal(iso(easterSunday(2008)), '2008-03-23');
  assert.equal(isNyseTradingDay(isoToDay('1997-01-20')), true, 'no MLK closure before 1998');
  assert.equal(isNyseTradingDay(isoToDay('1998-01-19')), false);
});

test('every SPX day in the real file is a trading day, and every trading day is in the file', (t) => {
  if (skipWithoutSharedData(t)) return;
  const lines = readFileSync(join(sharedDataDir(), 'spx', 'spx_daily_1990_2026.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const fileDays = lines.map((l) => isoToDay(l.slice(0, 10)));
  for (const d of fileDays) assert.ok(isNyseTradingDay(d), `${iso(d)} in the SPX file is not a trading day`);
  const calendarDays = tradingDaysInRange(fileDays[0], fileDays[fileDays.length - 1]);
  const inFile = new Set(fileDays);
  const missing = Array.from(calendarDays)
    .filter((d) => !inFile.has(d))
    .map(iso);
  assert.deepEqual(missing, [], 'trading days missing from the SPX file');
  assert.equal(calendarDays.length, fileDays.length);
});

test('1971-1989: the calendar and the Yahoo ^GSPC file agree day for day (Election Days, Gloria, the blackout)', (t) => {
  if (skipWithoutSharedData(t)) return;
  const days = readFileSync(join(sharedDataDir(), 'spx', 'gspc_yahoo_1927_2023.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.slice(0, 10))
    .filter((d) => d >= '1971-01-01' && d < '1990-01-01')
    .map(isoToDay);
  assert.equal(days.length, 4800);
  for (const d of days) assert.ok(isNyseTradingDay(d), `${iso(d)} in the file is not a trading day`);
  const inFile = new Set(days);
  const missing = Array.from(tradingDaysInRange(days[0], days[days.length - 1]))
    .filter((d) => !inFile.has(d))
    .map(iso);
  assert.deepEqual(missing, []);
  assert.equal(isNyseTradingDay(isoToDay('1985-09-27')), false, 'hurricane Gloria');
  assert.equal(isNyseTradingDay(isoToDay('1984-11-06')), true, 'Election Day closures ended after 1980');
  assert.equal(calendarCovers(isoToDay('1970-12-31')), false);
});

test('VIX expirations: the Tuesday examples of the spec', () => {
  for (const [y, m, expected] of [
    [2008, 2, '2008-02-19'],
    [2014, 3, '2014-03-18'],
    [2019, 3, '2019-03-19'],
    [2022, 3, '2022-03-15'],
    [2024, 6, '2024-06-18'],
    [2025, 3, '2025-03-18'],
  ] as const) {
    assert.equal(iso(vixExpiration(y, m)), expected);
    assert.equal(weekday(vixExpiration(y, m)), 2);
  }
  assert.equal(iso(vixExpiration(2024, 1)), '2024-01-17');
  assert.deepEqual(vixContractMonthOf(isoToDay('2024-06-18')), { year: 2024, month: 6 });
});

test("VIX rule against every contract's last settlement in the per-contract futures data", (t) => {
  if (skipWithoutSharedData(t)) return;
  const text = readFileSync(
    join(sharedDataDir(), 'vix-futures', 'vx_contracts_daily_2004_2015_clean.csv'),
    'utf8',
  );
  const lastByContract = new Map<string, string>();
  for (const line of text.trim().split('\n').slice(1)) {
    const f = line.split(',');
    lastByContract.set(f[2], f[4]);
  }
  // Documented exceptions (PROVENANCE.md): N04 and V04 end 7 days early, and contracts after 2015-04
  // are cut off by the end of the file. PROVENANCE.md also lists H14 as lacking its 2014-03-19 expiry row,
  // but H14 expired on Tuesday 2014-03-18 (Good Friday rule), which is its last row: the rule matches it.
  const exceptions = new Map<string, string>([
    ['2004-07', 'ends 7 days early'],
    ['2004-10', 'ends 7 days early'],
  ]);
  let checked = 0;
  const mismatched: string[] = [];
  for (const [contract, last] of lastByContract) {
    const [y, m] = contract.split('-').map(Number);
    const rule = iso(vixExpiration(y, m));
    if (last >= '2015-04-01') continue;
    if (exceptions.has(contract)) {
      assert.notEqual(last, rule, `${contract} was documented as an exception but matches`);
      assert.ok(last < rule);
      continue;
    }
    checked++;
    if (last !== rule) mismatched.push(`${contract}: data ${last}, rule ${rule}`);
  }
  assert.deepEqual(mismatched, []);
  assert.ok(checked >= 120, `checked ${checked} contracts`);
  assert.equal(lastByContract.get('2008-02'), '2008-02-19', 'G08 expired on the Tuesday before Good Friday');
  assert.equal(lastByContract.get('2014-03'), '2014-03-18', 'H14 expired on its rule date');
});

test('property: SPX monthly expirations over 1990-2030', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const e = spxMonthlyExpiration(y, m);
      assert.ok(isNyseTradingDay(e));
      const dom = Number(iso(e).slice(8));
      assert.ok(dom >= 14 && dom <= 21, `${iso(e)} day of month`);
      const f = thirdFriday(y, m);
      if (isNyseTradingDay(f)) assert.equal(e, f);
      else assert.equal(weekday(e), 4, 'Thursday when the Friday is a holiday');
    }),
    { numRuns: 300 },
  );
  assert.equal(iso(spxMonthlyExpiration(2008, 3)), '2008-03-20');
});

test('property: VIX expirations over 1990-2030', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const e = vixExpiration(y, m);
      assert.ok(isNyseTradingDay(e));
      const next = m === 12 ? thirdFriday(y + 1, 1) : thirdFriday(y, m + 1);
      const wednesday = next - 30;
      // Cboe: the Wednesday 30 days before the next month's 3rd Friday; when that Friday is a holiday, 30 days
      // before the business day preceding it; when the Wednesday itself is a holiday, the business day before.
      const adjusted = !isNyseTradingDay(next) || !isNyseTradingDay(wednesday);
      assert.equal(iso(e), iso(adjusted ? wednesday - 1 : wednesday));
      assert.equal(weekday(e), adjusted ? 2 : 3);
      assert.deepEqual(vixExpirationsBetween(e, e), [e]);
    }),
    { numRuns: 300 },
  );
});

test('property: holidays are weekdays, 9-10 rule holidays a year, 250-254 trading days a year', () => {
  const oneOffYears = new Set([1994, 2001, 2004, 2007, 2012, 2018, 2025]);
  for (let y = 1990; y <= 2030; y++) {
    const hols = nyseHolidays(y);
    for (const d of hols) assert.ok(weekday(d) >= 1 && weekday(d) <= 5);
    const days = tradingDaysInRange(dayFromCivil(y, 1, 1), dayFromCivil(y, 12, 31)).length;
    if (!oneOffYears.has(y)) {
      assert.ok(hols.length >= 8 && hols.length <= 10, `${y}: ${hols.length} holidays`);
      assert.ok(days >= 250 && days <= 254, `${y}: ${days} trading days`);
    } else assert.ok(days >= 246 && days <= 253, `${y}: ${days} trading days`);
  }
});

test('property: trading-day arithmetic agrees with counting', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: isoToDay('1990-01-02'), max: isoToDay('2030-06-01') }),
      fc.integer({ min: -40, max: 40 }),
      (d0, n) => {
        let d = d0;
        while (!isNyseTradingDay(d)) d++;
        const e = addTradingDays(d, n);
        assert.equal(tradingDaysBetween(d, e), n);
      },
    ),
    { numRuns: 300 },
  );
});

test('SPXW weeklies follow their listing history', () => {
  const fridays2005 = spxWeeklyExpirationsBetween(isoToDay('2005-10-01'), isoToDay('2005-11-30')).map(iso);
  assert.deepEqual(fridays2005, ['2005-10-28', '2005-11-04', '2005-11-11', '2005-11-18', '2005-11-25']);
  const week2023 = spxWeeklyExpirationsBetween(isoToDay('2023-05-01'), isoToDay('2023-05-05')).map(iso);
  assert.deepEqual(week2023, ['2023-05-01', '2023-05-02', '2023-05-03', '2023-05-04', '2023-05-05']);
  // Good Friday 2024-03-29: the Friday weekly moves to Thursday 03-28 (which is also a Thursday expiration).
  assert.deepEqual(spxWeeklyExpirationsBetween(isoToDay('2024-03-25'), isoToDay('2024-03-29')).map(iso), [
    '2024-03-25',
    '2024-03-26',
    '2024-03-27',
    '2024-03-28',
  ]);
});
