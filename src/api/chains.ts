// Real option chains for a backtest: an `alvh chains import` database read once, the quotes of the market's
// days kept, and a quote source that prices a leg where its series is listed (the model answers the rest).
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { ChainStore } from '../market/chain-store.js';
import { indexOnOrAfter } from '../market/panel.js';
import { ChainQuoteSource } from '../view/chain-quote-source.js';
import { MarketContext } from '../view/market-context.js';
import type { Market } from './market.js';

/** Quotes a backtest prices from (`runBacktest(..., { chains })`). */
export type Chains = ChainQuoteSource;

/** The chains of `path` (a database `alvh chains import` wrote) on the days of `market`. */
export async function loadChains(path: string, market: Market): Promise<Chains> {
  if (!existsSync(path))
    throw new UserError(`${path}: no such chain database (write one with alvh chains import)`);
  let store: ChainStore;
  try {
    store = await ChainStore.create(readFileSync(path));
  } catch (err) {
    throw new UserError(`${path}: not a chain database (${(err as Error).message})`);
  }
  let slices;
  try {
    slices = store.slicesBetween(market.days[0], market.days[market.n - 1]);
  } catch (err) {
    throw new UserError(
      `${path}: not a chain database written by alvh chains import (${(err as Error).message})`,
    );
  }
  const context = new MarketContext(market);
  return new ChainQuoteSource(slices, (day) => {
    const i = indexOnOrAfter(market, day);
    if (i >= market.n || market.days[i] !== day) return null;
    return { rate: context.rate(i), spot: context.spot(i) };
  });
}
