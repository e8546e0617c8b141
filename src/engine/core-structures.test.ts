// Core structures as legs, end to end: the condor shorthand and the same condor written as legs trade the
// same book; every structure file in presets/structures keeps the book's accounting identities; index
// lots earn their dividends day by day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../core/paths.js';
import type { ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import { bookInvariantViolations } from './book-invariants.test-helper.js';
import { runScenario } from './scenario-panel.test-helper.js';

const DRIFT: ScenarioSpec = {
  from: '2023-01-03',
  to: '2023-12-29',
  spx: (k) => ({
    open: 3900 + 2.5 * k + 30 * Math.sin(k / 7),
    close: 3900 + 2.5 * k + 30 * Math.sin((k + 0.5) / 7),
  }),
  vix: (k) => 16 + 4 * Math.sin(k / 11),
};

const sorted = (rows: { date: string; instrument: string }[]): string[] =>
  rows.map((r) => JSON.stringify(r)).sort();

test('the condor shorthand and the same condor as legs trade the same book', () => {
  const head = 'version: 1\nname: c\ntitle: c\n';
  const short = runScenario(`${head}condor: { wings: { rule: points, points: 50 } }\n`, DRIFT).book;
  const legs = runScenario(
    `${head}condor:
  legs:
    - { name: sp, right: put, side: short, strike: { delta: 0.16 } }
    - { right: put, side: long, strike: { from: sp, points: -50 } }
    - { name: sc, right: call, side: short, strike: { delta: 0.16 } }
    - { right: call, side: long, strike: { from: sc, points: 50 } }
`,
    DRIFT,
  ).book;
  assert.ok(short.ledger.length > 40, `${short.ledger.length} rows`);
  assert.deepEqual(sorted(legs.ledger), sorted(short.ledger));
  // Equity sums the same legs in another order: equal to rounding.
  legs.equity.forEach((e, t) => assert.ok(Math.abs(e - short.equity[t]) < 1e-6, `${legs.dates[t]}: ${e}`));
});

const structures = readdirSync(resolve(packageRoot(), 'presets', 'structures')).filter((f) =>
  f.endsWith('.yaml'),
);

test('every structure file trades and keeps the accounting identities on every day', () => {
  assert.equal(structures.length, 8);
  for (const file of structures) {
    const text = readFileSync(resolve(packageRoot(), 'presets', 'structures', file), 'utf8');
    const r = runScenario(text, DRIFT);
    assert.ok(r.book.ledger.filter((t) => t.reason === 'open').length >= 2, `${file}: opens`);
    assert.deepEqual(
      bookInvariantViolations(r.book, { market: r.market, capital: 1_000_000, start: 0 }),
      [],
      file,
    );
    assert.ok(
      r.book.equity.every((e) => e > 0),
      `${file}: equity stays positive`,
    );
  }
});

test('index lots earn the day count of dividends at the yield on the close, in cash and in the ledger', () => {
  const text = readFileSync(resolve(packageRoot(), 'presets', 'structures', 'buy-write.yaml'), 'utf8');
  const { book, panel } = runScenario(text, DRIFT);
  const rows = book.ledger.filter((t) => t.reason.startsWith('dividend'));
  assert.ok(rows.length > 200);
  // The scenario's yield is 1.5%: a lot of $100 x SPX earns spot x 100 x (e^(0.015 x days / 365) - 1).
  for (const row of rows.slice(0, 20)) {
    const i = panel.dates.indexOf(row.date);
    const days = panel.days[i] - panel.days[i - 1];
    const lots = Number(/on (\d+) lot/.exec(row.reason)![1]);
    const want = lots * 100 * panel.series.spxClose[i] * (Math.exp((0.015 * days) / 365) - 1);
    assert.ok(Math.abs(row.cash - want) < 1e-5, `${row.date}: ${row.cash} vs ${want}`);
  }
});

test("collateral_earns_rate: the whole cash account earns the T-bill rate, as Cboe's collateral does", () => {
  const text = readFileSync(resolve(packageRoot(), 'presets', 'put.yaml'), 'utf8');
  const earning = runScenario(text, DRIFT);
  const idle = runScenario(
    text.replace('collateral_earns_rate: true', 'collateral_earns_rate: false'),
    DRIFT,
  );
  const { book, panel } = earning;
  // The scenario's rate is 3%: each day's interest is the last close's cash x 3% x calendar days / 365.
  let checked = 0;
  for (let t = 1; t < book.dates.length; t++) {
    const want = (book.cash[t - 1] * 0.03 * (panel.days[t] - panel.days[t - 1])) / 365;
    assert.ok(Math.abs(book.interest[t] - want) < 1e-6, `${book.dates[t]}: ${book.interest[t]} vs ${want}`);
    if (want > 0) checked++;
  }
  assert.ok(checked > 200, `${checked} days`);
  // Without it the puts' collateral (the whole account at risk_fraction 1) earns nothing: only the cash
  // left over by whole contracts does.
  const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  assert.ok(sum(idle.book.interest) < 0.1 * sum(book.interest), `${sum(idle.book.interest)}`);
});

test('the Cboe benchmark presets trade and keep the accounting identities on every day', () => {
  // With costs: the identities check that every fill paid its commission and spread.
  const costs = 'costs: { spx_commission: 1.0, vix_commission: 1.0, spread_paid: 0.5 }';
  for (const name of ['put', 'bxm', 'pput', 'cll', 'bfly']) {
    const text = readFileSync(resolve(packageRoot(), 'presets', `${name}.yaml`), 'utf8');
    assert.ok(text.includes('costs: { spx_commission: 0, vix_commission: 0, spread_paid: 0 }'), name);
    const r = runScenario(text.replace(/^costs: .*$/m, costs), DRIFT);
    assert.ok(r.book.ledger.filter((t) => t.reason === 'open').length >= 11, `${name}: opens`);
    assert.deepEqual(
      bookInvariantViolations(r.book, { market: r.market, capital: r.strategy.capital, start: 0 }),
      [],
      name,
    );
  }
});
