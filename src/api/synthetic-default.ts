// The embedded default market, in a module of its own so the commands can name it in their help without
// loading the market API's option checks.

/** The synthetic market `loadMarket()` gives when neither `data` nor `synthetic` is given (as `alvh backtest`). */
export const DEFAULT_SYNTHETIC = { seed: 42, years: 20 } as const;
