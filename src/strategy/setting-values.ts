// Allowed values of strategy settings that code outside the schema reads too (option parsers, the engine).

/** Where a run's first day may be (dates.first_day): where the book's own inputs start, or where all are. */
export const FIRST_DAY_RULES = ['strategy_inputs', 'all_inputs'] as const;
export type FirstDayRule = (typeof FIRST_DAY_RULES)[number];

/** What AM-settled SPX options settle on (`am_settlement`). */
export const AM_SETTLEMENTS = ['open', 'spy_open_proxy'] as const;
export type AmSettlement = (typeof AM_SETTLEMENTS)[number];
