// Accounting identities every book must satisfy on every day, re-derived from its ledger and the market
// model rather than from the book's own running sums, so tests can check any run: scenario, random, real.
import { isoToDay } from '../core/dates.js';
import { instrumentOfLabel, type LegTerms } from '../instruments/instrument.js';
import { legValue } from '../instruments/leg.js';
import type { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import type { BookResult, Trade } from './result.js';

/**
 * A leg's terms from its ledger label: 'SPX 2024-02-16 P 4430', 'SPXW ...', 'VIX 2024-02-14 C 15',
 * 'VX 2008-10-22', 'SPX index'.
 */
function parseInstrument(label: string): LegTerms {
  const instrument = instrumentOfLabel(label);
  if (instrument === null) throw new Error(`unknown instrument in the ledger: '${label}'`);
  const [iso, kind, strike] = label.slice(instrument.root.length + 1).split(' ');
  return {
    instrument,
    expiry: iso === undefined || iso === '' ? Infinity : isoToDay(iso),
    isCall: kind === 'C',
    strike: strike === undefined ? 0 : Number(strike),
  };
}

interface Holding {
  instrument: LegTerms;
  sleeve: string;
  qty: number;
  mark: number;
}

function isSettlement(trade: Trade): boolean {
  return trade.reason.startsWith('expiry-settle');
}

/** A future's daily variation margin: cash for the change of settlement, nothing traded. */
function isVariation(trade: Trade): boolean {
  return trade.reason.startsWith('variation margin');
}

/** A dividend credited on index lots: cash in, nothing traded. */
function isDividend(trade: Trade): boolean {
  return trade.reason.startsWith('dividend');
}

function isAbandoned(trade: Trade): boolean {
  return trade.reason.endsWith('left to expire worthless');
}

export interface InvariantInputs {
  market: MarketContext;
  capital: number;
  /** Panel index of the book's first day. */
  start: number;
}

/**
 * Every violation of the book's accounting identities, as readable lines (empty when all hold):
 * - each fill's cash is -(quantity x price x multiplier) - cost (a future's: -(quantity x (price - the
 *   settlement it runs from) x multiplier) - cost, and its variation margin rows the held contracts times
 *   the change of settlement); a purchase pays at least one tick and a
 *   commission, so premium paid always leaves cash; a leg left to expire worthless moves no cash;
 * - on every day, the change in cash is the day's ledger cash plus the day's interest;
 * - on every day, equity = cash + the open legs (rebuilt from the ledger) at the model's marks;
 * - on every day, each layer's cash flow is its ledger cash, the layers' P&L sums to the sleeve's P&L
 *   (change in the hedge legs' marked value plus their cash), and core + sleeve + interest = equity change.
 */
export function bookInvariantViolations(book: BookResult, inputs: InvariantInputs): string[] {
  const { market, capital, start } = inputs;
  const view = new ModelView(market);
  const out: string[] = [];
  const fail = (message: string): void => {
    if (out.length < 20) out.push(`${book.name}: ${message}`);
  };
  // Ledger prices and cash are rounded to 6 decimals: a few rows a day stay far inside a tenth of a cent.
  const near = (a: number, b: number, scale: number): boolean =>
    Math.abs(a - b) <= 1e-3 + 1e-9 * Math.abs(scale);

  for (const trade of book.ledger) {
    const inst = parseInstrument(trade.instrument).instrument;
    if (isDividend(trade)) {
      if (!(trade.quantity === 0 && trade.cost === 0 && trade.cash >= 0))
        fail(`${trade.date} ${trade.instrument}: a dividend row traded, paid or cost something`);
      continue;
    }
    const future = inst.margin === 'variation';
    if (future && isVariation(trade)) continue; // checked against the holding in the daily loop
    const expected = future
      ? -trade.quantity * (trade.price - trade.modelPrice) * inst.multiplier - trade.cost
      : -trade.quantity * trade.price * inst.multiplier - trade.cost;
    if (Math.abs(trade.cash - expected) > 1e-3 * Math.max(1, Math.abs(trade.quantity)))
      fail(`${trade.date} ${trade.instrument}: cash ${trade.cash} is not -(qty x price x multiplier) - cost`);
    if (isSettlement(trade)) {
      if (trade.cost !== 0) fail(`${trade.date} ${trade.instrument}: a settlement paid a commission`);
    } else if (isAbandoned(trade)) {
      if (trade.cash !== 0 || trade.cost !== 0 || !(trade.quantity < 0))
        fail(`${trade.date} ${trade.instrument}: a long leg left to expire moved cash`);
      if (!(trade.modelPrice < inst.tick))
        fail(`${trade.date} ${trade.instrument}: left to expire although it had a bid`);
    } else {
      if (!(trade.cost > 0) && inst.commission !== 'none')
        fail(`${trade.date} ${trade.instrument}: a fill paid no commission`);
      if (!future && trade.quantity > 0 && !(trade.price >= inst.tick - 1e-9 && trade.cash < 0))
        fail(`${trade.date} ${trade.instrument}: premium paid did not leave cash (price ${trade.price})`);
    }
  }

  const holdings = new Map<string, Holding>();
  const layerNames = Object.keys(book.layers);
  let k = 0;
  let prevCash = capital;
  let prevEquity = capital;
  let prevSleeveValue = 0;
  for (let t = 0; t < book.dates.length; t++) {
    const date = book.dates[t];
    const i = start + t;
    let dayCash = 0;
    let sleeveCash = 0;
    const layerCash = new Map<string, number>();
    const variation = new Map<string, { cash: number; expected: number }>();
    for (; k < book.ledger.length && book.ledger[k].date === date; k++) {
      const trade = book.ledger[k];
      dayCash += trade.cash;
      if (trade.sleeve !== 'core') {
        sleeveCash += trade.cash;
        layerCash.set(trade.sleeve, (layerCash.get(trade.sleeve) ?? 0) + trade.cash);
      }
      const key = `${trade.sleeve}|${trade.instrument}`;
      const h = holdings.get(key) ?? {
        instrument: parseInstrument(trade.instrument),
        sleeve: trade.sleeve,
        qty: 0,
        mark: NaN,
      };
      if (isVariation(trade)) {
        // Positions holding the same series have a row each: their sum is the held contracts' variation.
        const vm = variation.get(key) ?? {
          cash: 0,
          expected: h.qty * (trade.price - trade.modelPrice) * h.instrument.instrument.multiplier,
        };
        vm.cash += trade.cash;
        variation.set(key, vm);
      }
      h.qty += trade.quantity;
      if (h.qty === 0) holdings.delete(key);
      else holdings.set(key, h);
    }
    for (const [key, vm] of variation)
      if (!near(vm.cash, vm.expected, vm.expected))
        fail(`${date} ${key}: variation margin ${vm.cash} != held x change of settle ${vm.expected}`);
    if (k < book.ledger.length && book.ledger[k].date < date)
      fail(`ledger row on ${book.ledger[k].date} is out of order or outside the run`);

    if (!near(book.cash[t] - prevCash, dayCash + book.interest[t], book.cash[t]))
      fail(
        `${date}: cash moved ${book.cash[t] - prevCash}, ledger + interest say ${dayCash + book.interest[t]}`,
      );

    let marks = 0;
    let sleeveValue = 0;
    view.moveTo(i);
    for (const h of holdings.values()) {
      const m = view.mid(h.instrument);
      if (Number.isFinite(m)) h.mark = m;
      // A future's value is already in cash (its variation margin).
      const value = legValue({ ...h.instrument, qty: h.qty }, h.mark);
      marks += value;
      if (h.sleeve !== 'core') sleeveValue += value;
    }
    if (!near(book.cash[t] + marks, book.equity[t], book.equity[t]))
      fail(`${date}: cash ${book.cash[t]} + marks ${marks} != equity ${book.equity[t]}`);

    let layersPnl = 0;
    for (const name of layerNames) {
      const series = book.layers[name];
      layersPnl += series.mtmPnl[t];
      if (!near(series.cashFlow[t], layerCash.get(name) ?? 0, series.cashFlow[t]))
        fail(
          `${date}: layer ${name} cash flow ${series.cashFlow[t]} != its ledger ${layerCash.get(name) ?? 0}`,
        );
    }
    const sleevePnl = sleeveValue - prevSleeveValue + sleeveCash;
    if (!near(layersPnl, sleevePnl, book.equity[t]))
      fail(`${date}: the layers' P&L ${layersPnl} != the sleeve's P&L ${sleevePnl}`);
    const change = book.equity[t] - prevEquity;
    if (!near(book.coreMtmPnl[t] + layersPnl + book.interest[t], change, book.equity[t]))
      fail(`${date}: core + layers + interest != equity change ${change}`);

    prevCash = book.cash[t];
    prevEquity = book.equity[t];
    prevSleeveValue = sleeveValue;
  }
  if (k < book.ledger.length) fail(`ledger rows after the last day: ${book.ledger[k].date}`);
  return out;
}
