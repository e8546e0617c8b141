// The public API of alvh: what a library user imports (`import { loadMarket, ... } from 'alvh'`). It only
// re-exports; the commands, the benchmarks and the daily signal call the same functions from src/api/.
export { DEFAULT_SYNTHETIC, loadMarket, simulateMarket } from './api/market.js';
export type { LoadMarketOptions, Market, SyntheticMarketOptions } from './api/market.js';
export { DEFAULT_BASELINES, runBacktest, summarize, tradingWindow } from './api/backtest.js';
export { loadChains } from './api/chains.js';
export type { Chains } from './api/chains.js';
export type {
  BacktestOptions,
  BacktestResult,
  ScaleMemo,
  SmileLevelMemo,
  StrategyInput,
  WindowOptions,
} from './api/backtest.js';
export { loadStrategy, PRESET_NAMES } from './strategy/load.js';
export type { LoadedStrategy, PresetName } from './strategy/load.js';
export type { Strategy } from './strategy/schema.js';
export type { BacktestRun, BookResult, OpenLeg, Trade } from './engine/result.js';
export type { MatchMode } from './engine/run-backtest.js';
export type { BookSummary, RunSummary } from './analytics/summary.js';
export { ArgumentError, DataError, StrategyError, UserError } from './core/errors.js';
