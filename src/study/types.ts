// The contract between the parts of a study: what one configuration's run yields (the runner writes it,
// the store keeps it, the queue carries it, the statistics and the study report read it).

/** The claim metrics and headline statistics of one configuration, fractions as fractions (0.35 = 35%). */
export interface StudyMetrics {
  /** 1 - maxDD(hedged) / maxDD(its own unhedged core), daily marked equity. */
  drawdown_reduction: number;
  /** Hedge cost per year over all years (sleeve net mark-to-market P&L over average equity, + = cost). */
  hedge_cost: number;
  /** The same over years without a 20% SPX drawdown. */
  hedge_cost_calm: number;
  months_credited_mtm: number;
  months_credited_cash: number;
  cagr: number;
  /** Positive fraction (0.25 = a 25% drawdown). */
  max_drawdown: number;
  volatility: number;
  sharpe: number;
  /** Yearly hedge spend: net opening premium over average equity. */
  hedge_spend: number;
  unhedged_cagr: number;
  unhedged_max_drawdown: number;
  unhedged_sharpe: number;
  /** Drawdown reduction inside each named stress window the run covers (window id -> reduction). */
  stress_drawdown_reduction: Record<string, number>;
}

/** One configuration of a study: its settings (dotted key path -> value) and the hash that keys it. */
export interface StudyConfigRef {
  /** Hash of the configuration's full strategy (stable across runs and machines). */
  id: string;
  settings: Record<string, unknown>;
}

/** What one configuration's run yields. Daily returns are simple returns of marked equity, day over day. */
export interface ConfigResult extends StudyConfigRef {
  metrics: StudyMetrics;
  /** Daily returns of the hedged book, one per run day after the first (length = dates.length - 1). */
  returns: Float64Array;
  /** Daily returns of its unhedged core, same days. */
  unhedgedReturns: Float64Array;
  /**
   * The hedge sleeve's daily mark-to-market P&L as a fraction of the previous day's hedged equity, same
   * days (sub-window hedge cost and months credited, for walk-forward out-of-sample claim metrics).
   */
  sleeveReturns: Float64Array;
}

/** The days every configuration of a study ran on (ISO dates); returns[t] is the return into dates[t + 1]. */
export interface StudyDays {
  dates: readonly string[];
  dataFingerprint: string;
}
