// The engine's constant-maturity 30-day VIX futures position (layer type vix_futures_index) run alone on the
// panel and set beside the S&P 500 VIX Short-Term Futures index ER (SPVXSP): daily-return correlation,
// tracking error and growth, an independent check of the futures marks, the roll weights and the VM.
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import { Book, type CostSettings } from '../engine/book.js';
import type { Panel } from '../market/panel.js';
import { planUnit, rebalanceUnit, type InstrumentSpec } from '../strategy/layer-instruments.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';

export interface IndexLevels {
  /** ISO dates, ascending. */
  dates: readonly string[];
  values: ArrayLike<number>;
}

export interface VxIndexComparison {
  from: string;
  to: string;
  /** Days whose return both the position and the index have. */
  days: number;
  correlation: number;
  /** Standard deviation of the daily return difference x sqrt(252). */
  trackingError: number;
  /** Growth a year (compounded) of the position without costs, of the index, and of the position with costs. */
  growthPosition: number;
  growthIndex: number;
  growthPositionWithCosts: number;
  /** Daily returns compared (position without costs, index), for the JSON output. */
  position: Float64Array;
  index: Float64Array;
  returnDates: string[];
}

const NO_COSTS: CostSettings = { spxCommission: 0, vixCommission: 0, vixFutureCommission: 0, spreadPaid: 0 };
const SPEC: InstrumentSpec = { type: 'vix_futures_index', side: 'long', initial_margin: 0.4 };
/** Large enough that a whole number of units is the exposure to a part in a million. */
const CAPITAL = 1e9;

/** Daily returns of the position (P&L over the previous close's notional) on panel days [start, end]. */
export function constantMaturityReturns(
  market: MarketContext,
  start: number,
  end: number,
  costs: CostSettings,
): Float64Array {
  const view = new ModelView(market);
  const book = new Book(CAPITAL, view, costs, { ledger: false });
  const out = new Float64Array(end - start + 1).fill(NaN);
  let notional = NaN;
  let position = null as ReturnType<Book['open']> | null;
  for (let i = start; i <= end; i++) {
    view.moveTo(i);
    book.resetDay();
    book.settleExpiring(() => {});
    book.mark();
    if (position === null) {
      const plan = planUnit(view, SPEC, { condor: null, calendarOn: false });
      if (typeof plan === 'string' || plan.exposure === undefined) continue;
      const units = Math.floor(CAPITAL / plan.exposure);
      position = book.open('vx', 'hedge', plan.legs, units, 'open', {
        maxLossPerUnit: 0,
        condorId: null,
        budget: 0,
        choice: 0,
        width: 0,
      });
    } else {
      const targets = rebalanceUnit(view, SPEC, position);
      if (targets !== null) book.rebalance(position, targets, 'daily roll');
      // The day's variation margin and the costs of its roll, over yesterday's notional.
      out[i - start] = book.todayCashFlow('vx') / notional;
    }
    notional = 0;
    for (const leg of position.legs) if (!leg.settled) notional += leg.qty * leg.lastMark * 1000;
  }
  return out;
}

function growthAYear(returns: ArrayLike<number>): number {
  let g = 1;
  for (let k = 0; k < returns.length; k++) g *= 1 + returns[k];
  return Math.pow(g, 252 / returns.length) - 1;
}

/** Runs the position from `from` to `to` (ISO, inclusive; default the index's span) and compares it. */
export function compareWithShortTermIndex(
  panel: Panel,
  index: IndexLevels,
  costs: CostSettings,
  range: { from?: string; to?: string } = {},
): VxIndexComparison {
  const level = new Map<string, number>();
  for (let k = 0; k < index.dates.length; k++)
    if (Number.isFinite(index.values[k]) && index.values[k] > 0) level.set(index.dates[k], index.values[k]);
  const first = [...level.keys()][0];
  const last = [...level.keys()].at(-1);
  const fromDay = isoToDay(range.from ?? first ?? '1900-01-01');
  const toDay = isoToDay(range.to ?? last ?? '1900-01-01');
  let start = 0;
  while (start < panel.n && panel.days[start] < fromDay) start++;
  let end = panel.n - 1;
  while (end >= 0 && panel.days[end] > toDay) end--;
  if (end - start < 20)
    throw new UserError('check vix-futures-index: fewer than 20 days of data in the range');
  const market = new MarketContext(panel);
  const gross = constantMaturityReturns(market, start, end, NO_COSTS);
  const net = constantMaturityReturns(market, start, end, costs);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const dates: string[] = [];
  for (let i = start + 1; i <= end; i++) {
    const prev = level.get(panel.dates[i - 1]);
    const now = level.get(panel.dates[i]);
    const r = gross[i - start];
    if (prev === undefined || now === undefined || !Number.isFinite(r)) continue;
    a.push(r);
    b.push(now / prev - 1);
    c.push(net[i - start]);
    dates.push(panel.dates[i]);
  }
  if (a.length < 20) throw new UserError('check vix-futures-index: fewer than 20 days with both returns');
  const n = a.length;
  const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) ** 2;
    sbb += (b[k] - mb) ** 2;
  }
  const diff = a.map((v, k) => v - b[k]);
  const md = mean(diff);
  const te = Math.sqrt((diff.reduce((s, v) => s + (v - md) ** 2, 0) / (n - 1)) * 252);
  return {
    from: dates[0],
    to: dates[n - 1],
    days: n,
    correlation: sab / Math.sqrt(saa * sbb),
    trackingError: te,
    growthPosition: growthAYear(a),
    growthIndex: growthAYear(b),
    growthPositionWithCosts: growthAYear(c),
    position: Float64Array.from(a),
    index: Float64Array.from(b),
    returnDates: dates,
  };
}
