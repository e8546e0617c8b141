// Pricing kernel throughput on one core: Black-Scholes prices per second and implied-vol solves per second
// (targets: 10 million and 1 million), and the cost of building one day's SPX smile.
import { blackForwardPrice, bsmPrice } from '../src/pricing/black-scholes.js';
import { impliedVolBsm } from '../src/pricing/implied-vol.js';
import { buildSpxSmile } from '../src/pricing/spx-smile.js';

function perSecond(count: number, seconds: number): string {
  const rate = count / seconds;
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} million/s` : `${(rate / 1e3).toFixed(1)} thousand/s`;
}

function timeIt(fn: () => number): { seconds: number; sink: number } {
  fn(); // warm-up: let V8 optimise the loop before it is timed
  const t0 = process.hrtime.bigint();
  const sink = fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, sink };
}

export async function run(): Promise<void> {
  const n = 2_000_000;
  const strikes = new Float64Array(n);
  const vols = new Float64Array(n);
  const times = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    strikes[k] = 3000 + (k % 2000);
    vols[k] = 0.1 + (k % 37) / 100;
    times[k] = 0.02 + (k % 50) / 100;
  }
  let sink = 0;
  const fwd = timeIt(() => {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += blackForwardPrice((k & 1) === 0, 4000, strikes[k], times[k], vols[k]);
    return acc;
  });
  process.stdout.write(
    `Black-Scholes prices, forward-form kernel: ${perSecond(n, fwd.seconds)} (target >= 10 million/s)\n`,
  );
  const spot = timeIt(() => {
    let acc = 0;
    for (let k = 0; k < n; k++)
      acc += bsmPrice((k & 1) === 0, 4000, strikes[k], times[k], 0.03, 0.015, vols[k]);
    return acc;
  });
  process.stdout.write(
    `Black-Scholes-Merton prices from spot, rate and dividend yield: ${perSecond(n, spot.seconds)}\n`,
  );
  sink += fwd.sink + spot.sink;

  const m = 500_000;
  const prices = new Float64Array(m);
  for (let k = 0; k < m; k++)
    prices[k] = bsmPrice((k & 1) === 0, 4000, strikes[k], times[k], 0.03, 0.015, vols[k]);
  const ivs = new Float64Array(m);
  const iv = timeIt(() => {
    let acc = 0;
    for (let k = 0; k < m; k++) {
      ivs[k] = impliedVolBsm((k & 1) === 0, prices[k], 4000, strikes[k], times[k], 0.03, 0.015);
      acc += ivs[k];
    }
    return acc;
  });
  // Accuracy in price: deep in-the-money options whose time value is below double precision have no
  // identifiable vol, but repricing at the solved vol must give the price back.
  let worst = 0;
  for (let k = 0; k < m; k++) {
    const back = bsmPrice((k & 1) === 0, 4000, strikes[k], times[k], 0.03, 0.015, ivs[k]);
    worst = Math.max(worst, Math.abs(back - prices[k]) / Math.max(prices[k], 1e-12));
  }
  process.stdout.write(
    `implied-vol solves: ${perSecond(m, iv.seconds)} (target >= 1 million/s); worst relative repricing error ${worst.toExponential(1)}\n`,
  );
  sink += iv.sink;

  const days = 20_000;
  const smile = timeIt(() => {
    let acc = 0;
    for (let k = 0; k < days; k++) {
      const sm = buildSpxSmile({
        spot: 4000,
        rateAnnual: 0.03,
        dividendYieldAnnual: 0.015,
        vix9d: NaN,
        vix: 12 + (k % 400) / 10,
        vix3m: NaN,
        vix6m: NaN,
        skew: 110 + (k % 40),
      });
      acc += sm.level(0.1);
    }
    return acc;
  });
  process.stdout.write(
    `SPX smile builds (VIX-level solve included): ${((smile.seconds / days) * 1e6).toFixed(1)} us each\n`,
  );
  if (sink + smile.sink === 42) process.stdout.write('\n');
}
