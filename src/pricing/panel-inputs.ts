// The smile's market inputs on day i of a panel (spot, rate, dividend yield, the VIX family, SKEW).
import type { Panel } from '../market/panel.js';
import type { SpxMarketInputs } from './spx-smile.js';

/**
 * `indexDividends`: where the data give no dividend yield, price with the one an SPX index position earns
 * (SPY's trailing dividends, `panel.indexDividendYield`) instead of leaving it to the smile's fixed fallback.
 */
export function smileInputsAt(
  panel: Panel,
  i: number,
  rateAnnual = panel.series.rateAnnual[i],
  indexDividends = false,
): SpxMarketInputs {
  const s = panel.series;
  const given = s.dividendYieldAnnual[i];
  return {
    spot: s.spxClose[i],
    rateAnnual,
    dividendYieldAnnual:
      Number.isFinite(given) || !indexDividends ? given : (panel.indexDividendYield?.[i] ?? NaN),
    vix9d: s.vix9dClose[i],
    vix: s.vixClose[i],
    vix3m: s.vix3mClose[i],
    vix6m: s.vix6mClose[i],
    skew: s.skewClose[i],
  };
}
