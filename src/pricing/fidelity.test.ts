import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isoToDay } from '../core/dates.js';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadOptionChain } from '../market/option-chain.js';
import { loadPanel } from '../market/load-panel.js';
import {
  fitSpreadParams,
  median,
  spreadBucketError,
  spxFidelity,
  spxSpreadBuckets,
  vixFidelity,
  vixForwards,
  type FidelityPoint,
} from './fidelity.js';
import { smileInputsAt } from './panel-inputs.js';
import { defaultSpreadParams, spxHalfSpread, vixHalfSpread } from './spreads.js';
import { vixFutureForExpiry } from './vix-futures-curve.js';

const optionsDir = (): string => join(sharedDataDir(), 'options');

test('VIX chain of 2023-10-04: the parity forward read by hand from the quotes, beside the VX settlement', (t) => {
  if (skipWithoutSharedData(t)) return;
  const chain = loadOptionChain(join(optionsDir(), 'vix_chain_cboe_partial_2023-10-04.csv'));
  // vx_M1_M7_2004_2024.csv, 2023-10-04: M1 (the October contract, expiring 2023-10-18) settled 18.518.
  const oct18 = isoToDay('2023-10-18');
  const futureFor = (e: number): number => (e === oct18 ? 18.518 : NaN);
  const forwards = vixForwards(chain, futureFor, 0.053);
  const f = forwards.find((x) => x.expiry === oct18)!;
  assert.equal(f.future, 18.518);
  // Strike 20: call 1.80/1.93 (mid 1.865), put 1.70/1.81 (mid 1.755): F = 20 + 0.110 / discount, about 20.11.
  assert.ok(Math.abs(f.parity - 20.11) < 0.005, `parity forward ${f.parity}`);
  // The expiring weekly (2023-10-04 itself) is not a forward to measure.
  assert.ok(forwards.every((x) => x.days >= 1));
  // Points are priced off the parity forward where there is one: an out-of-the-money call sits above it.
  const points = vixFidelity(chain, futureFor, 95.58, 0.053).filter((p) => p.tenorDays === 14);
  assert.ok(points.length > 0);
  for (const p of points) assert.equal(p.isCall, p.strike >= f.parity);
});

test('long-dated SPX quotes (beyond 120 days) are measured, not dropped', (t) => {
  if (skipWithoutSharedData(t)) return;
  const chain = loadOptionChain(join(optionsDir(), 'spx_chain_cboe_2025-10-01_partial', 'spx_quotedata.csv'));
  // SPX 6711.20, VIX 16.29, SKEW 143.68 on 2025-10-01 (the chain's banner and the Cboe histories).
  const points = spxFidelity(chain, {
    spot: 6711.2,
    rateAnnual: 0.04,
    dividendYieldAnnual: 0.013,
    vix9d: NaN,
    vix: 16.29,
    vix3m: NaN,
    vix6m: NaN,
    skew: 143.68,
  });
  assert.ok(points.length > 50, `${points.length} quotes`);
  assert.ok(
    points.every((p) => p.tenorDays === 198),
    'all on the 2026-04-17 expiration',
  );
});

test('the bid/ask model matches the quoted half-spreads of the real SPX chains, bucket by bucket', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const points = ['2022-02-04', '2022-06-10', '2024-01-05'].flatMap((d) =>
    spxFidelity(
      loadOptionChain(join(optionsDir(), `spx_chain_cboe_${d}.csv`)),
      smileInputsAt(panel, panel.dates.indexOf(d)),
    ),
  );
  const buckets = spxSpreadBuckets(points);
  assert.equal(buckets.length, 15, 'five delta buckets x three tenors');
  // Each bucket's model median (at the market mid) within -25%/+33% of the market's median half-spread.
  for (const b of buckets) {
    const ratio =
      median(b.map((p) => spxHalfSpread(p.mid, p.absDelta))) / median(b.map((p) => p.marketHalfSpread));
    assert.ok(
      ratio > 0.75 && ratio < 1.33,
      `bucket ${b[0].deltaBucket} delta, ${b[0].tenorDays} days: ${ratio}`,
    );
  }
  assert.ok(spreadBucketError(buckets, (p) => spxHalfSpread(p.mid, p.absDelta)) < 0.15);
  // The fit lands on the shipped parameters (so they are reproducible with `pricing check --fit`).
  const fit = fitSpreadParams(points, defaultSpreadParams);
  assert.equal(fit.params.spxPerSqrtPrice, defaultSpreadParams.spxPerSqrtPrice);
  assert.equal(fit.params.spxWingExtra, defaultSpreadParams.spxWingExtra);
});

test('the VIX bid/ask model matches the quoted half-spreads of the standard monthly VIX options', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const points = ['2023-05-02', '2023-10-04'].flatMap((d) => {
    const i = panel.dates.indexOf(d);
    const f = panel.futures;
    const futureFor = (e: number): number =>
      vixFutureForExpiry(
        f.expiry,
        f.settle,
        f.start[i],
        f.start[i + 1],
        panel.days[i],
        e,
        panel.series.vixClose[i],
      );
    return vixFidelity(
      loadOptionChain(join(optionsDir(), `vix_chain_cboe_partial_${d}.csv`)),
      futureFor,
      panel.series.vvixClose[i],
      0.05,
    );
  });
  const monthly = points.filter((p) => p.root === 'VIX' && p.mid > 0);
  const weekly = points.filter((p) => p.root === 'VIXW' && p.mid > 0);
  assert.ok(
    monthly.length >= 30 && weekly.length >= 60,
    `${monthly.length} monthly, ${weekly.length} weekly`,
  );
  const ratio = (ps: FidelityPoint[]): number =>
    median(ps.map((p) => vixHalfSpread(p.mid) / p.marketHalfSpread));
  // Within a quarter of the monthlies' quoted half-spreads; the weeklies (not traded) are about 3x wider.
  assert.ok(ratio(monthly) > 0.75 && ratio(monthly) < 1.33, `monthly ratio ${ratio(monthly)}`);
  assert.ok(ratio(weekly) < 0.5, `weekly ratio ${ratio(weekly)}`);
  assert.equal(
    fitSpreadParams(points, defaultSpreadParams).params.vixPerSqrtPrice,
    defaultSpreadParams.vixPerSqrtPrice,
  );
});
