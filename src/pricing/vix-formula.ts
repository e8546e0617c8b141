// The Cboe VIX variance formula: sigma^2 = (2/T) sum(dK_i / K_i^2 e^{RT} Q(K_i)) - (1/T)(F/K0 - 1)^2,
// applied to a strip of out-of-the-money option prices (Cboe VIX white paper).

/**
 * Variance (annualised) from a strip. `strikes` ascending; `otmPrices[i]` the price of the out-of-the-money
 * option at strikes[i] (put below K0, call above, the average of both at K0), discounted as quoted.
 * K0 is the first strike at or below the forward.
 */
export function cboeVariance(
  strikes: ArrayLike<number>,
  otmPrices: ArrayLike<number>,
  forward: number,
  rate: number,
  tYears: number,
): number {
  const n = strikes.length;
  let k0Index = 0;
  for (let i = 0; i < n; i++) if (strikes[i] <= forward) k0Index = i;
  const k0 = strikes[k0Index];
  const growth = Math.exp(rate * tYears);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const dK =
      i === 0
        ? strikes[1] - strikes[0]
        : i === n - 1
          ? strikes[n - 1] - strikes[n - 2]
          : (strikes[i + 1] - strikes[i - 1]) / 2;
    sum += (dK / (strikes[i] * strikes[i])) * growth * otmPrices[i];
  }
  const adj = forward / k0 - 1;
  return (2 / tYears) * sum - (adj * adj) / tYears;
}
