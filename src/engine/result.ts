// What one book's run produces: daily equity, the hedge sleeve's P&L per layer, and the trade ledger.
// Analytics and reports read only this shape.
import type { ModelledSpan } from '../market/panel.js';

/** One fill in the ledger. Quantity is signed: + bought, - sold. Prices are per unit of the option (x100). */
export interface Trade {
  date: string;
  /** 'core' for the condor book, or a sleeve layer name ('L1', 'L2', 'L3', 'financing', 'vxth', ...). */
  sleeve: string;
  /** Human-readable instrument, e.g. 'SPX 2024-02-16 P 4500' or 'VIX 2024-03-20 C 20'. */
  instrument: string;
  quantity: number;
  /** Fill price per unit (model price +/- paid share of the half-spread); settlement value for settlements. */
  price: number;
  /** Model (mid) price at the time of the fill. */
  modelPrice: number;
  /** Commissions and fees for this fill, in dollars (>= 0). */
  cost: number;
  /** Cash change from this fill in dollars: -(quantity x price x multiplier) - cost. */
  cash: number;
  /** Why: 'open', 'profit-take', 'stop', 'expiry-settle', 'roll', 'trigger-off', ... */
  reason: string;
}

/** Daily P&L of one sleeve layer. */
export interface LayerSeries {
  /** Net cash flow of the layer that day (premiums, settlements, costs), in dollars. */
  cashFlow: Float64Array;
  /** Mark-to-market P&L that day: change in the layer's marked value plus its cash flow. */
  mtmPnl: Float64Array;
  /** 1 on days when the layer held a position at the close. */
  active: Uint8Array;
}

/** Option fills and daily option marks priced from real quotes and from the model. */
export interface PricingCounts {
  quoteFills: number;
  modelFills: number;
  quoteMarks: number;
  modelMarks: number;
}

export interface BookResult {
  /** Short name, e.g. 'alvh', 'condor', 'vxth'. */
  name: string;
  /** Title shown in tables, e.g. 'ALVH v1'. */
  title: string;
  strategyHash: string;
  /** Dates of the run (a contiguous range of the panel). */
  dates: readonly string[];
  /** Daily marked equity at the close, in dollars: cash + marks of all open positions. */
  equity: Float64Array;
  /** Cash component of equity (includes margin held, which stays the account's). */
  cash: Float64Array;
  /** Daily P&L of the core condor book (mark-to-market), in dollars. */
  coreMtmPnl: Float64Array;
  /** Daily interest credited on cash, in dollars. */
  interest: Float64Array;
  /** Per hedge layer, in a stable order; the sleeve is the sum of its layers. */
  layers: Record<string, LayerSeries>;
  ledger: Trade[];
  /** Days on which a rule wanted to act but could not (missing data, no strike), with why. */
  skipped: { date: string; reason: string }[];
  /** Net premium paid to open hedge positions each day (+ debit, - credit), in dollars: the book's spend. */
  hedgeSpend?: Float64Array;
  /** Credit received for condors opened each day, in dollars. */
  coreCredit?: Float64Array;
  /** Open legs at the close of the last day, marked. */
  openAtEnd?: OpenLeg[];
  /** The engine's state signals (condor_days_left, open_condors, <layer>_active) over the run's dates. */
  state?: Record<string, Float64Array>;
  /** What the book's rules did that is worth a line in the run's notes (not skips: the rules working). */
  notes?: string[];
  /** Days an AM-settled leg settled on an SPX open equal to the previous close (no opening print in the data). */
  carriedOpenSettlements?: string[];
  /** Where option fills and marks were priced (present when the run had real quotes: `--chains`). */
  pricing?: PricingCounts;
}

export interface OpenLeg {
  sleeve: string;
  instrument: string;
  quantity: number;
  /** Model mid per unit at the last close. */
  mark: number;
  /** Dollar value (quantity x mark x multiplier). */
  value: number;
}

/** A full backtest run: all books on one panel, plus identification for reproducibility. */
export interface BacktestRun {
  panelDescription: string;
  dataFingerprint: string;
  source: 'real' | 'synthetic';
  from: string;
  to: string;
  /** SPX closes over the run's dates (for drawdown-year classification and stress windows). */
  spxClose: Float64Array;
  /** Risk-free rate (annual fraction) over the run's dates, for Sharpe and Sortino. */
  rateAnnual: Float64Array;
  /** VIX close and VIX futures backwardation (M1/M2 - 1) over the run's dates, for the layer timeline. */
  vixClose?: Float64Array;
  backwardation?: Float64Array;
  books: BookResult[];
  /** Name of the unhedged reference book and of the main hedged book. */
  unhedged: string;
  hedged: string;
  /** Inputs modelled on days the data lack them (`--history modelled`); absent on a run of data only. */
  modelled?: readonly ModelledSpan[];
}
