// The constant-maturity VX position on a hand-made market whose futures curve is flat and rises 0.1 a day:
// whatever the roll weights, the position without costs must grow exactly as the future, F_end / F_start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import { MarketContext } from '../view/market-context.js';
import { constantMaturityReturns, compareWithShortTermIndex } from './vx-index-check.js';

const panel = scenarioPanel({
  from: '2019-01-02',
  to: '2019-06-28',
  spx: () => ({ open: 2700, close: 2700 }),
  vix: () => 15,
  future: (k) => 15 + 0.1 * k,
});

test('a flat curve rising 0.1 a day: each daily return is 0.1 / F, the growth F_end / F_start', () => {
  const market = new MarketContext(panel);
  const zero = { spxCommission: 0, vixCommission: 0, vixFutureCommission: 0, spreadPaid: 0 };
  const r = constantMaturityReturns(market, 0, panel.n - 1, zero);
  assert.ok(Number.isNaN(r[0]), 'no return on the opening day');
  let growth = 1;
  for (let k = 1; k < panel.n; k++) {
    assert.ok(Math.abs(r[k] - 0.1 / (15 + 0.1 * (k - 1))) < 1e-12, `day ${k}: ${r[k]}`);
    growth *= 1 + r[k];
  }
  const last = 15 + 0.1 * (panel.n - 1);
  assert.ok(Math.abs(growth - last / 15) < 1e-9);
  // Costs (half of the 0.025 half-spread per fill, $1.50 a contract) take something from every roll day.
  const costly = constantMaturityReturns(market, 0, panel.n - 1, {
    ...zero,
    vixFutureCommission: 1.5,
    spreadPaid: 0.5,
  });
  for (let k = 1; k < panel.n; k++) assert.ok(costly[k] < r[k], `day ${k}`);
});

test('compared with an index built from the same closed form: correlation 1, no tracking error', () => {
  const values = Array.from({ length: panel.n }, (_, k) => 100_000 * (1 + (0.1 * k) / 15));
  const c = compareWithShortTermIndex(
    panel,
    { dates: panel.dates, values },
    { spxCommission: 0, vixCommission: 0, vixFutureCommission: 1.5, spreadPaid: 0.5 },
  );
  assert.equal(c.days, panel.n - 1);
  assert.ok(c.correlation > 1 - 1e-9, `${c.correlation}`);
  assert.ok(c.trackingError < 1e-9, `${c.trackingError}`);
  assert.ok(Math.abs(c.growthPosition - c.growthIndex) < 1e-9);
  assert.ok(c.growthPositionWithCosts < c.growthPosition);
});
