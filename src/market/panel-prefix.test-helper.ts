// The first n days of a panel as a panel of its own: the market a run would have seen had the data ended
// there (test-only: the causality checks compare runs on a prefix with the full run).
import type { Panel, PanelSeries } from './panel.js';

export function panelPrefix(panel: Panel, n: number): Panel {
  const series = Object.fromEntries(
    Object.entries(panel.series).map(([name, values]) => [name, (values as Float64Array).slice(0, n)]),
  ) as unknown as PanelSeries;
  const f = panel.futures;
  const contracts = f.start[n];
  return {
    ...panel,
    n,
    dates: panel.dates.slice(0, n),
    days: panel.days.slice(0, n),
    series,
    futures: {
      start: f.start.slice(0, n + 1),
      expiry: f.expiry.slice(0, contracts),
      settle: f.settle.slice(0, contracts),
    },
    // FOMC decision days are scheduled (published) ahead: a prefix keeps the countdown as it was then known.
    fomc: {
      isDecisionDay: panel.fomc.isDecisionDay.slice(0, n),
      tradingDaysToNext: panel.fomc.tradingDaysToNext.slice(0, n),
    },
    ...(panel.spxSoqProxy ? { spxSoqProxy: panel.spxSoqProxy.slice(0, n) } : {}),
  };
}
