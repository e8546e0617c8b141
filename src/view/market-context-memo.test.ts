import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import { Rng } from '../core/random.js';
import { MarketContext } from './market-context.js';

const panel = scenarioPanel({
  from: '2024-01-02',
  to: '2024-06-28',
  spx: (k) => ({ open: 4700 + 3 * k, close: 4700 + 3 * k }),
  vix: (k) => 13 + (k % 7),
});

/**
 * A study's market keeps answers it computed; they must be the answers a fresh market computes, for
 * questions that differ in one field only (day, side, strike, expiry, early stop, delta, step), asked in a
 * random order so a key that mixed two of them up would hand back the other's answer.
 */
test('the kept prices and strikes of a study market equal those of a market that keeps nothing', () => {
  const kept = new MarketContext(panel, { keepSmiles: true });
  const fresh = new MarketContext(panel);
  const rng = new Rng(7);
  const expiries = [panel.days[0] + 45, panel.days[0] + 73, panel.days[0] + 101];
  const questions: (() => [number, number])[] = [];
  for (let i = 0; i < 60; i += 3)
    for (const e of expiries) {
      if (e <= panel.days[i]) continue;
      for (const isCall of [false, true])
        for (const early of [0, 0.75]) {
          for (const strike of [4500, 4505, 4700, 4700.05, 5000])
            questions.push(() => [
              kept.spxMid(i, isCall, strike, e, early),
              fresh.spxMid(i, isCall, strike, e, early),
            ]);
          for (const strike of [14, 15, 15.5, 20])
            questions.push(() => [
              kept.vixMid(i, isCall, strike, e, early),
              fresh.vixMid(i, isCall, strike, e, early),
            ]);
          for (const delta of [0.05, 0.16, 0.1601, 0.3])
            for (const step of [1, 5, 0.5]) {
              questions.push(() => [
                kept.spxStrikeForDelta(i, isCall, delta, e, early, step),
                fresh.spxStrikeForDelta(i, isCall, delta, e, early, step),
              ]);
              questions.push(() => [
                kept.vixStrikeForDelta(i, isCall, delta, e, early, step),
                fresh.vixStrikeForDelta(i, isCall, delta, e, early, step),
              ]);
            }
        }
    }
  // Each question twice, shuffled: the second asking of each is answered from what was kept.
  const order = [...questions, ...questions].map((q) => ({ q, r: rng.uniform() }));
  order.sort((a, b) => a.r - b.r);
  let compared = 0;
  for (const { q } of order) {
    const [a, b] = q();
    assert.ok(Object.is(a, b), `kept ${a} vs computed ${b}`);
    compared++;
  }
  assert.ok(compared > 5000, `${compared} answers compared`);
});
