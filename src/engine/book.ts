// The book's accounting: fills at model price plus the paid share of the half-spread, commissions, cash
// settlement at expiration, daily marks, interest on idle cash, and per-sleeve cash-flow and mark-to-market P&L.
import { assert } from '../core/errors.js';
import { dayToIso, type DayNumber } from '../core/dates.js';
import type { Trade } from './result.js';
import type { MarketContext } from './market-context.js';
import {
  intrinsic,
  isClosed,
  legLabel,
  markedValue,
  MULTIPLIER,
  type Leg,
  type Position,
} from './positions.js';

/** Smallest price at which an option can be bought (one tick): no option is ever free. */
const MIN_BUY_PRICE = { SPX: 0.05, VIX: 0.01 } as const;

export interface CostSettings {
  spxCommission: number;
  vixCommission: number;
  spreadPaid: number;
}

export type LegSpec = Omit<Leg, 'lastMark' | 'settled'>;

export class Book {
  cash: number;
  readonly positions: Position[] = [];
  readonly ledger: Trade[] = [];
  /** Cash flow per sleeve today (reset each day). */
  readonly todayCashFlow = new Map<string, number>();
  private nextId = 1;

  constructor(
    capital: number,
    private readonly market: MarketContext,
    private readonly costs: CostSettings,
  ) {
    this.cash = capital;
  }

  private addCashFlow(sleeve: string, amount: number): void {
    this.todayCashFlow.set(sleeve, (this.todayCashFlow.get(sleeve) ?? 0) + amount);
    this.cash += amount;
  }

  /** Model fill price for a signed quantity: mid plus (buy) or minus (sell) the paid share of the half-spread. */
  fillPrice(i: number, leg: LegSpec, qty: number): { price: number; mid: number } {
    const mid = this.market.mid(i, leg.product, leg.isCall, leg.strike, leg.expiry, leg.settle);
    const absDelta = this.market.absDelta(i, leg.product, leg.isCall, leg.strike, leg.expiry, leg.settle);
    const half = this.market.halfSpread(i, leg.product, mid, absDelta);
    const paid = this.costs.spreadPaid * half;
    const price = qty > 0 ? Math.max(mid + paid, MIN_BUY_PRICE[leg.product]) : Math.max(mid - paid, 0);
    return { price, mid };
  }

  private commission(leg: LegSpec, qty: number): number {
    const perContract = leg.product === 'SPX' ? this.costs.spxCommission : this.costs.vixCommission;
    return perContract * Math.abs(qty);
  }

  private record(
    i: number,
    sleeve: string,
    leg: LegSpec,
    qty: number,
    price: number,
    mid: number,
    cost: number,
    reason: string,
  ): number {
    const cash = -qty * price * MULTIPLIER - cost;
    this.ledger.push({
      date: dayToIso(this.market.panel.days[i]),
      sleeve,
      instrument: legLabel(leg as Leg),
      quantity: qty,
      price: round6(price),
      modelPrice: round6(mid),
      cost: round6(cost),
      cash: round6(cash),
      reason,
    });
    this.addCashFlow(sleeve, cash);
    return cash;
  }

  /**
   * Unit premium of a package of legs (qty per unit), at today's fill prices: + debit, - credit.
   * NaN when any leg cannot be priced.
   */
  quoteUnit(i: number, legs: readonly LegSpec[]): number {
    let premium = 0;
    for (const leg of legs) {
      const { price } = this.fillPrice(i, leg, leg.qty);
      premium += leg.qty * price;
    }
    return premium;
  }

  /** Opens a position of `units` packages of `unitLegs` (qty per unit). */
  open(
    i: number,
    sleeve: string,
    kind: Position['kind'],
    unitLegs: readonly LegSpec[],
    units: number,
    reason: string,
    extra: Pick<Position, 'maxLossPerUnit' | 'condorId' | 'budget' | 'choice' | 'width'>,
  ): Position {
    assert(units > 0 && Number.isInteger(units), `units must be a positive integer, got ${units}`);
    const legs: Leg[] = [];
    let premium = 0;
    for (const spec of unitLegs) {
      const qty = spec.qty * units;
      const { price, mid } = this.fillPrice(i, spec, qty);
      assert(
        Number.isFinite(price),
        `no price for ${legLabel(spec as Leg)} on ${dayToIso(this.market.panel.days[i])}`,
      );
      this.record(i, sleeve, spec, qty, price, mid, this.commission(spec, qty), reason);
      premium += spec.qty * price;
      legs.push({ ...spec, qty, lastMark: mid, settled: false });
    }
    const position: Position = {
      id: this.nextId++,
      sleeve,
      kind,
      legs,
      openedIndex: i,
      unitPremium: premium,
      units,
      ...extra,
    };
    this.positions.push(position);
    return position;
  }

  /** Closes every open leg of a position at today's fill prices. */
  close(i: number, p: Position, reason: string): void {
    for (const leg of p.legs) {
      if (leg.settled) continue;
      const qty = -leg.qty;
      const { price, mid } = this.fillPrice(i, leg, qty);
      const usable = Number.isFinite(price) ? price : leg.lastMark;
      this.record(
        i,
        p.sleeve,
        leg,
        qty,
        usable,
        Number.isFinite(mid) ? mid : leg.lastMark,
        this.commission(leg, qty),
        reason,
      );
      leg.settled = true;
    }
    this.remove(p);
  }

  private remove(p: Position): void {
    const k = this.positions.indexOf(p);
    if (k >= 0) this.positions.splice(k, 1);
  }

  /**
   * Cash-settles every leg expiring on or before day i. Returns the positions that became fully closed.
   * A leg whose expiration fell on a day missing from the data settles on the next day present, reported.
   */
  settleExpiring(i: number, onLate: (message: string) => void): Position[] {
    const day = this.market.panel.days[i];
    const done: Position[] = [];
    for (const p of [...this.positions]) {
      for (const leg of p.legs) {
        if (leg.settled || leg.expiry > day) continue;
        let value = this.market.settlementValue(i, leg.product, leg.settle);
        if (leg.expiry < day)
          onLate(`${legLabel(leg)} settled on ${dayToIso(day)}: its expiration day is not in the data`);
        if (!Number.isFinite(value)) {
          value =
            leg.product === 'VIX'
              ? this.market.panel.series.vixClose[i]
              : this.market.panel.series.spxClose[i];
          onLate(
            `${legLabel(leg)}: no ${leg.settle} settlement print on ${dayToIso(day)}, settled on the close`,
          );
        }
        const payoff = intrinsic(leg.isCall, leg.strike, value);
        this.ledger.push({
          date: dayToIso(day),
          sleeve: p.sleeve,
          instrument: legLabel(leg),
          quantity: -leg.qty,
          price: round6(payoff),
          modelPrice: round6(payoff),
          cost: 0,
          cash: round6(leg.qty * payoff * MULTIPLIER),
          reason: `expiry-settle at ${round6(value)}`,
        });
        this.addCashFlow(p.sleeve, leg.qty * payoff * MULTIPLIER);
        leg.settled = true;
        leg.lastMark = 0;
      }
      if (isClosed(p)) {
        this.remove(p);
        done.push(p);
      }
    }
    return done;
  }

  /** Marks every open leg at today's model mid (keeps the last mark where the model has no price). */
  mark(i: number): number {
    let unpriced = 0;
    for (const p of this.positions) {
      for (const leg of p.legs) {
        if (leg.settled) continue;
        const m = this.market.mid(i, leg.product, leg.isCall, leg.strike, leg.expiry, leg.settle);
        if (Number.isFinite(m)) leg.lastMark = m;
        else unpriced++;
      }
    }
    return unpriced;
  }

  /** Margin held for defined-risk short positions (condors, credit spreads): their max loss. */
  margin(): number {
    let m = 0;
    for (const p of this.positions) m += p.maxLossPerUnit * p.units;
    return m;
  }

  creditInterest(amount: number): void {
    this.addCashFlow('interest', amount);
  }

  sleeveValue(sleeve: string): number {
    let v = 0;
    for (const p of this.positions) if (p.sleeve === sleeve) v += markedValue(p);
    return v;
  }

  equity(): number {
    let v = this.cash;
    for (const p of this.positions) v += markedValue(p);
    return v;
  }

  openOf(sleeve: string): Position[] {
    return this.positions.filter((p) => p.sleeve === sleeve);
  }

  condors(): Position[] {
    return this.positions.filter((p) => p.kind === 'condor');
  }

  resetDay(): void {
    this.todayCashFlow.clear();
  }
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function dayOf(market: MarketContext, i: number): DayNumber {
  return market.panel.days[i];
}
