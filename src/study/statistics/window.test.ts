import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBook, makeRun, weekdaysBetween } from '../../analytics/fixture-book.test-helper.js';
import { bookMetrics, compareToUnhedged } from '../../analytics/metrics.js';
import { Rng } from '../../core/random.js';
import { studyCalendar, windowMetrics, type DailySeries } from './window.js';

/** A hedged and an unhedged book over 2007-03 .. 2009-08 with a sleeve idle in Aug 2007 and Mar 2008. */
function books() {
  const dates = weekdaysBetween('2007-03-01', '2009-08-14');
  const rng = new Rng(21);
  const n = dates.length;
  const hedged = new Float64Array(n);
  const core = new Float64Array(n);
  const mtm = new Float64Array(n);
  hedged[0] = 1e6;
  core[0] = 1e6;
  for (let t = 1; t < n; t++) {
    const idle = dates[t].startsWith('2007-08') || dates[t].startsWith('2008-03');
    mtm[t] = idle ? 0 : 400 * rng.normal() - 60;
    const shock = 0.012 * rng.normal();
    core[t] = core[t - 1] * (1 + 0.0002 + shock);
    hedged[t] = hedged[t - 1] * (1 + 0.0002 + 0.7 * shock) + mtm[t];
  }
  const series: DailySeries = {
    returns: Float64Array.from({ length: n - 1 }, (_, i) => hedged[i + 1] / hedged[i] - 1),
    unhedgedReturns: Float64Array.from({ length: n - 1 }, (_, i) => core[i + 1] / core[i] - 1),
    sleeveReturns: Float64Array.from({ length: n - 1 }, (_, i) => mtm[i + 1] / hedged[i]),
  };
  return { dates, hedged, core, mtm, series };
}

function backtestMetrics(dates: string[], hedged: Float64Array, core: Float64Array, mtm: Float64Array) {
  const run = makeRun(
    [
      makeBook({ name: 'alvh', dates, equity: hedged, layers: { L1: { mtm } } }),
      makeBook({ name: 'condor', dates, equity: core }),
    ],
    new Array(dates.length).fill(1),
  );
  const [h, u] = run.books.map((b) => bookMetrics(b, run));
  return { h, u, reduction: compareToUnhedged(h, u).drawdownReduction };
}

const close = (a: number | null, b: number | null, tol = 1e-12): void => {
  assert.ok(a !== null && b !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
};

function assertSame(w: ReturnType<typeof windowMetrics>, m: ReturnType<typeof backtestMetrics>): void {
  close(w.cagr, m.h.cagr);
  close(w.max_drawdown, m.h.maxDrawdown.depth);
  close(w.volatility, m.h.volatility);
  close(w.sharpe, m.h.sharpe);
  close(w.unhedged_cagr, m.u.cagr);
  close(w.unhedged_max_drawdown, m.u.maxDrawdown.depth);
  close(w.drawdown_reduction, m.reduction);
  close(w.hedge_cost, m.h.hedgeCost!.allYears, 1e-9);
  assert.equal(w.months_credited_mtm, m.h.monthsCredited!.mtm.share);
}

test('over the whole run the window metrics equal the backtest metrics of the same books', () => {
  const { dates, hedged, core, mtm, series } = books();
  const cal = studyCalendar(dates);
  const w = windowMetrics(series, cal, 0, dates.length - 1, { periodsPerYear: 252 });
  const m = backtestMetrics(dates, hedged, core, mtm);
  assert.ok(m.h.monthsCredited!.mtm.idle === 2, 'two idle months left out');
  assert.ok(m.h.hedgeCost!.years.length === 3, 'three calendar years, two of them partial');
  assertSame(w, m);
  assert.equal(w.days, dates.length - 1);
});

test('a sub-window equals the backtest metrics of a run over just those closes', () => {
  const { dates, hedged, core, mtm, series } = books();
  const cal = studyCalendar(dates);
  for (const [a, b] of [
    [40, 300],
    [123, 600],
    [200, 221],
  ]) {
    const w = windowMetrics(series, cal, a, b, { periodsPerYear: 252 });
    // The window's first close is its base: the sleeve's P&L of that day belongs to the day before.
    const slicedMtm = mtm.slice(a, b + 1);
    slicedMtm[0] = 0;
    const m = backtestMetrics(dates.slice(a, b + 1), hedged.slice(a, b + 1), core.slice(a, b + 1), slicedMtm);
    assertSame(w, m);
    assert.equal(w.from, dates[a]);
    assert.equal(w.to, dates[b]);
  }
});

test('a risk-free series turns the Sharpe ratio into one of excess returns', () => {
  const { dates, series } = books();
  const cal = studyCalendar(dates);
  const rf = new Float64Array(dates.length - 1).fill(0.0001);
  const w = windowMetrics(series, cal, 0, 300, { periodsPerYear: 252 });
  const x = windowMetrics(series, cal, 0, 300, { periodsPerYear: 252, riskFree: rf });
  // A constant shift moves the mean, not the standard deviation.
  close(x.sharpe! - w.sharpe!, (-0.0001 * Math.sqrt(252)) / (w.volatility / Math.sqrt(252)), 1e-9);
});
