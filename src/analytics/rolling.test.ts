import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weekdays } from './fixture-book.test-helper.js';
import { rollingStats } from './rolling.js';

const path = (returns: readonly number[]): Float64Array => {
  const e = new Float64Array(returns.length + 1);
  e[0] = 100;
  returns.forEach((r, t) => (e[t + 1] = e[t] * (1 + r)));
  return e;
};

test('constant returns: rolling return (1 + r)^w - 1, no volatility, Sharpe undefined; NaN before a full window', () => {
  const equity = path(new Array(30).fill(0.001));
  const dates = weekdays('2024-01-01', equity.length);
  const s = rollingStats(equity, dates, new Float64Array(equity.length), 10);
  assert.ok(Number.isNaN(s.ret[9]));
  assert.ok(Math.abs(s.ret[10] - (1.001 ** 10 - 1)) < 1e-12);
  assert.ok(Math.abs(s.ret[30] - (1.001 ** 10 - 1)) < 1e-12);
  assert.ok(s.volatility[20] < 1e-12);
  assert.ok(Number.isNaN(s.sharpe[20]));
});

// Returns alternating +a and -a over an even window: mean 0, sample sd a x sqrt(w / (w - 1)).
test('alternating returns: volatility in closed form, Sharpe from the accrued rate', () => {
  const a = 0.01;
  const w = 20;
  const equity = path(Array.from({ length: 60 }, (_, t) => (t % 2 === 0 ? a : -a)));
  const days = weekdays('2024-01-01', equity.length);
  const s = rollingStats(equity, days, new Float64Array(equity.length), w, 252);
  const expected = a * Math.sqrt(w / (w - 1)) * Math.sqrt(252);
  for (let t = w; t < equity.length; t++)
    assert.ok(Math.abs(s.volatility[t] - expected) < 1e-12, `${t}: ${s.volatility[t]} vs ${expected}`);
  // Equity ends each pair of days at (1 + a)(1 - a) = 1 - a^2 of where it started.
  assert.ok(Math.abs(s.ret[w] - ((1 - a * a) ** (w / 2) - 1)) < 1e-12);
  const rated = rollingStats(equity, days, new Float64Array(equity.length).fill(0.05), w, 252);
  assert.ok(rated.sharpe[w + 1] < s.sharpe[w + 1], 'a positive rate lowers the Sharpe ratio');
});
