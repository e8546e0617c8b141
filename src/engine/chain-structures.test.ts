import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { isoToDay } from '../core/dates.js';
import { loadPanel } from '../market/load-panel.js';
import { loadOptionChain } from '../market/option-chain.js';
import { chainExpiries, findExpiry, midAtStrike } from '../pricing/chain-quotes.js';
import { buildSpxSmile } from '../pricing/spx-smile.js';
import { loadStrategy } from '../strategy/load.js';
import { measureStructures, STRUCTURE_NAMES, structureSpecsFrom } from './chain-structures.js';
import { MarketContext } from './market-context.js';

const options = (f: string): string => join(sharedDataDir(), 'options', f);
const panel = loadPanel({ dataDir: sharedDataDir() });
const specs = structureSpecsFrom(loadStrategy('alvh').strategy, loadStrategy('cndr').strategy);

test('the spec condor of 2024-01-05: real credit read by hand from the chain, strikes by the engine rule', () => {
  const r = measureStructures(panel, loadOptionChain(options('spx_chain_cboe_2024-01-05.csv')), specs);
  const condor = r.structures.find((s) => s.structure === 'condor_spec')!;
  // Feb 16 2024 (SPX root, 42 days): 4435P 14.3/14.6, 4480P 18.1/18.6, 4890C 13.5/13.8, 4935C 7.3/7.7.
  assert.equal(condor.dte, 42);
  assert.ok(Math.abs(condor.real_mid - (18.35 - 14.45 + 13.65 - 7.5)) < 1e-9, `${condor.real_mid}`);
  assert.ok(r.notes.some((n) => n.includes('condor_spec: +1 4435P -1 4480P -1 4890C +1 4935C at 42 days')));
  assert.ok(Math.abs(condor.error - (condor.model_mid / condor.real_mid - 1)) < 1e-12);
  // The short strikes are 16 delta by the matched model, and the wings 1% of spot (47 points, rounded to 45).
  for (const s of r.structures) assert.ok((STRUCTURE_NAMES as readonly string[]).includes(s.structure));
  assert.deepEqual(
    r.structures.map((s) => s.structure),
    ['condor_spec', 'condor_cndr', 'condor_marks_21dte', 'condor_marks_10dte', 'call_spread_5d_weekly'],
  );
});

test("the model's spot is matched to the quotes' parity forward of the structure's expiration", () => {
  const chain = loadOptionChain(options('spx_chain_cboe_2024-01-05.csv'));
  const i = panel.dates.indexOf('2024-01-05');
  const rate = new MarketContext(panel).rate(i);
  const e = findExpiry(chainExpiries(chain, rate), isoToDay('2024-02-16'), true)!;
  // Parity at a strike near the money, by hand: F = K + (C - P) / discount.
  const q = e.byStrike.get(4700)!;
  const byHand =
    4700 + ((q.callBid + q.callAsk) / 2 - (q.putBid + q.putAsk) / 2) / Math.exp(-rate * e.tYears);
  assert.ok(Math.abs(e.forward - byHand) < 15, `${e.forward} vs ${byHand}`);
  // Re-pricing the condor with a smile whose spot gives that forward reproduces the model credit.
  const r = measureStructures(panel, chain, specs);
  const condor = r.structures.find((s) => s.structure === 'condor_spec')!;
  const q0 = 0.015;
  const spot = e.forward * Math.exp(-(rate - q0) * e.tYears);
  const s = panel.series;
  const smile = buildSpxSmile({
    spot,
    rateAnnual: rate,
    dividendYieldAnnual: q0,
    vix9d: s.vix9dClose[i],
    vix: s.vixClose[i],
    vix3m: s.vix3mClose[i],
    vix6m: s.vix6mClose[i],
    skew: s.skewClose[i],
  });
  assert.ok(Math.abs(smile.forward(e.tYears) - e.forward) < 1e-6);
  const p = (c: boolean, k: number): number => smile.price(c, k, e.tYears);
  const credit = p(false, 4480) - p(false, 4435) + p(true, 4890) - p(true, 4935);
  assert.ok(Math.abs(credit - condor.model_mid) < 1e-9, `${credit} vs ${condor.model_mid}`);
});

test('an unlisted strike is priced at the vol interpolated between its listed neighbours, inside their prices', () => {
  const chain = loadOptionChain(options('spx_chain_cboe_2024-01-05.csv'));
  const e = chainExpiries(chain, 0.05).find((x) => x.days === 21 && !x.amSettled)!;
  assert.equal(e.byStrike.has(4435), false, 'the 21-day weekly lists no 4435');
  const at = midAtStrike(e, false, 4435, 0.05);
  assert.equal(at.interpolated, true);
  const listed = [...e.byStrike.keys()].sort((a, b) => a - b);
  const below = listed.filter((k) => k < 4435).pop()!;
  const above = listed.find((k) => k > 4435)!;
  const lo = midAtStrike(e, false, below, 0.05).mid;
  const hi = midAtStrike(e, false, above, 0.05).mid;
  assert.ok(at.mid > lo && at.mid < hi, `${lo} < ${at.mid} < ${hi}`);
});

test("L2's 50-delta front VIX call on 2023-10-04: the front monthly beyond 7 days, priced off the parity forward", () => {
  const r = measureStructures(
    panel,
    loadOptionChain(options('vix_chain_cboe_partial_2023-10-04.csv')),
    specs,
  );
  assert.equal(r.structures.length, 1);
  const call = r.structures[0];
  assert.equal(call.structure, 'vix_call_50d_front');
  assert.equal(call.dte, 14, 'the October contract expiring 2023-10-18');
  // The 21 strike against a parity forward of 20.11: just out of the money, about 50 delta.
  assert.ok(r.notes.some((n) => n.includes('+1 21C at 14 days on forward 20.11')));
  assert.ok(call.real_mid > 1 && call.real_mid < 2.5);
});
