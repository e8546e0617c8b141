// The book's accounting: fills at model price plus the paid share of the half-spread, commissions, cash
// settlement at expiration, daily marks (futures: variation margin in cash), interest on idle cash.
import { assert } from '../core/errors.js';
import { dayToIso, type DayNumber } from '../core/dates.js';
import {
  isClosed,
  legLabel,
  markedValue,
  type Leg,
  type LegSpec,
  type Position,
} from '../instruments/leg.js';
import type { BookState } from '../strategy/book-state.js';
import type { AmSettlement } from '../strategy/schema.js';
import type { MarketView } from '../view/market-view.js';
import type { PricingCounts, Trade } from './result.js';

/** How the ledger names a settlement print that is missing. */
const SETTLEMENT_NAME = { spx_open: 'AM', spx_close: 'PM', vix_open: 'VIX' } as const;

/** Adds a date to a list of settlement days once (a day settles several legs). */
function noteDay(days: string[], date: string): void {
  if (days.length === 0 || days[days.length - 1] !== date) days.push(date);
}

/** Shared empty result (not frozen: V8 iterates frozen arrays on a slower path). */
const NO_POSITIONS: readonly Position[] = [];

export interface CostSettings {
  spxCommission: number;
  vixCommission: number;
  /** Per VX futures contract (fractional contracts of a constant-maturity position pay pro rata). */
  vixFutureCommission: number;
  spreadPaid: number;
  /**
   * Per-order slippage: the share of the bid-ask width an order of 1, 2, 3, ... legs pays (the last entry for
   * more legs); null for the per-leg model, where every leg pays `spreadPaid` of the half-spread.
   */
  orderWidthPaid?: readonly number[] | null;
}

/** The share of the half-spread beyond mid that each leg of an order of `legs` legs pays. */
export function halfSpreadPaid(costs: CostSettings, legs: number): number {
  const w = costs.orderWidthPaid;
  if (!w) return costs.spreadPaid;
  // Paying w of the width from the bid is mid + (2w - 1) half-spreads.
  return 2 * w[Math.min(Math.max(legs, 1), w.length) - 1] - 1;
}

export class Book implements BookState {
  cash: number;
  readonly positions: Position[] = [];
  readonly ledger: Trade[] = [];
  /** Cash flow per sleeve today (reset each day). */
  /** Today's cash flow per sleeve (reset each day): a slot per sleeve name, the sums in a typed array. */
  private readonly flowSlot = new Map<string, number>();
  private flowValues = new Float64Array(8);
  private flowsToday = false;
  /** Days on which an AM settlement used an open equal to the previous close. */
  readonly carriedOpenSettlements: string[] = [];
  /** With `am_settlement: spy_open_proxy`: days AM legs settled on the SOQ proxy, and days without one. */
  readonly soqProxySettlements: string[] = [];
  readonly soqFallbackSettlements: string[] = [];
  private nextId = 1;
  /** Option fills and daily option marks, by where their price came from (a quote or the model). */
  readonly pricing: PricingCounts = { quoteFills: 0, modelFills: 0, quoteMarks: 0, modelMarks: 0 };

  /** Whether fills and settlements are written to `ledger` (a study's thousands of books need only equity). */
  private readonly keepLedger: boolean;
  /** The print AM-settled SPX legs settle on: the data's SPX open, or the SOQ proxy from SPY's open. */
  private readonly amSettlement: AmSettlement;

  constructor(
    capital: number,
    /** The day's market: the engine moves it forward; the book reads only the day it shows. */
    private readonly view: MarketView,
    private readonly costs: CostSettings,
    opts: { ledger?: boolean; amSettlement?: AmSettlement } = {},
  ) {
    this.cash = capital;
    this.keepLedger = opts.ledger ?? true;
    this.amSettlement = opts.amSettlement ?? 'open';
  }

  /** The slot of a sleeve's daily cash flow (given on first use; the daily series ask once, then read it). */
  cashFlowSlot(sleeve: string): number {
    let slot = this.flowSlot.get(sleeve);
    if (slot === undefined) {
      slot = this.flowSlot.size;
      this.flowSlot.set(sleeve, slot);
      if (slot === this.flowValues.length) {
        const grown = new Float64Array(2 * slot);
        grown.set(this.flowValues);
        this.flowValues = grown;
      }
    }
    return slot;
  }

  private addCashFlow(sleeve: string, amount: number): void {
    // Summed from 0 each day in the order the flows come (0 + the first flow is the flow itself).
    this.flowValues[this.cashFlowSlot(sleeve)] += amount;
    this.flowsToday = true;
    this.cash += amount;
  }

  /** A sleeve's cash flow today so far (0 when it had none). */
  todayCashFlow(sleeve: string): number {
    if (!this.flowsToday) return 0;
    const slot = this.flowSlot.get(sleeve);
    return slot === undefined ? 0 : this.flowValues[slot];
  }

  /** The cash flow today in a slot of `cashFlowSlot`. */
  todayCashFlowAt(slot: number): number {
    return this.flowValues[slot];
  }

  /** Whether any sleeve had a cash flow today. */
  hasCashFlowToday(): boolean {
    return this.flowsToday;
  }

  /** The model mid of the last `fillPrice` call (a field, so that quoting allocates nothing). */
  fillMid = NaN;

  /**
   * Model fill price for a signed quantity: mid plus (buy) or minus (sell) the paid share of the half-spread,
   * for a leg of an order of `legs` legs. The mid it started from is left in `fillMid`.
   */
  fillPrice(leg: LegSpec, qty: number, legs = 1): number {
    const view = this.view;
    const mid = view.mid(leg);
    const half = view.halfSpread(leg, mid, view.absDelta(leg));
    const paid = halfSpreadPaid(this.costs, legs) * half;
    this.fillMid = mid;
    return qty > 0 ? Math.max(mid + paid, leg.instrument.tick) : Math.max(mid - paid, 0);
  }

  private commission(leg: LegSpec, qty: number): number {
    const kind = leg.instrument.commission;
    const c = this.costs;
    const perContract =
      kind === 'spx'
        ? c.spxCommission
        : kind === 'vix'
          ? c.vixCommission
          : kind === 'vix_future'
            ? c.vixFutureCommission
            : 0;
    return perContract * Math.abs(qty);
  }

  private record(
    position: number,
    sleeve: string,
    leg: LegSpec,
    qty: number,
    price: number,
    mid: number,
    cost: number,
    reason: string,
    /** Futures: the settlement the fill's variation is measured from (the day's, or the leg's last mark). */
    variationFrom = 0,
  ): number {
    // A future exchanges no premium: its fill pays (or earns) only the variation from the reference settle.
    const paid = leg.instrument.margin === 'variation' ? price - variationFrom : price;
    const cash = -qty * paid * leg.instrument.multiplier - cost;
    if (leg.instrument.kind === 'option') {
      if (this.view.quoted(leg)) this.pricing.quoteFills++;
      else this.pricing.modelFills++;
    }
    if (this.keepLedger)
      this.ledger.push({
        date: this.view.date,
        position,
        sleeve,
        instrument: legLabel(leg),
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
  quoteUnit(legs: readonly LegSpec[]): number {
    let premium = 0;
    for (const leg of legs) premium += leg.qty * premiumOf(leg, this.fillPrice(leg, leg.qty, legs.length));
    return premium;
  }

  /** Opens a position of `units` packages of `unitLegs` (qty per unit). */
  open(
    sleeve: string,
    kind: Position['kind'],
    unitLegs: readonly LegSpec[],
    units: number,
    reason: string,
    extra: Pick<Position, 'maxLossPerUnit' | 'condorId' | 'budget' | 'choice' | 'width'>,
  ): Position {
    if (!(units > 0 && Number.isInteger(units)))
      assert(false, `units must be a positive integer, got ${units}`);
    const legs: Leg[] = [];
    let premium = 0;
    const id = this.nextId++;
    for (const spec of unitLegs) {
      const qty = spec.qty * units;
      const price = this.fillPrice(spec, qty, unitLegs.length);
      const mid = this.fillMid;
      // The message is built only on failure: labels and dates cost more than the check itself.
      if (!Number.isFinite(price)) assert(false, `no price for ${legLabel(spec)} on ${this.view.date}`);
      this.record(id, sleeve, spec, qty, price, mid, this.commission(spec, qty), reason, mid);
      premium += spec.qty * premiumOf(spec, price);
      // Spelled out rather than spread: every leg (and position) then shares one hidden class, which keeps
      // the daily loops over them monomorphic.
      legs.push({
        instrument: spec.instrument,
        isCall: spec.isCall,
        strike: spec.strike,
        expiry: spec.expiry,
        qty,
        lastMark: mid,
        settled: false,
        markMemo: null,
      });
    }
    const position: Position = {
      id,
      sleeve,
      kind,
      legs,
      openedDay: this.view.day,
      unitPremium: premium,
      units,
      maxLossPerUnit: extra.maxLossPerUnit,
      condorId: extra.condorId,
      budget: extra.budget,
      choice: extra.choice,
      width: extra.width,
    };
    this.positions.push(position);
    return position;
  }

  /**
   * Closes every open leg of a position at today's fill prices. A long leg with no bid (model mid below one
   * tick) is not sold: it is left to expire worthless, with no fill and no commission, and the ledger says
   * so. A short leg is bought back at one tick at least (`fillPrice`).
   */
  close(p: Position, reason: string): void {
    let open = 0;
    for (const leg of p.legs) if (!leg.settled) open++;
    for (const leg of p.legs) {
      if (leg.settled) continue;
      const qty = -leg.qty;
      const price = this.fillPrice(leg, qty, open);
      const mid = this.fillMid;
      if (qty < 0 && mid < leg.instrument.tick) {
        if (this.keepLedger)
          this.ledger.push({
            date: this.view.date,
            position: p.id,
            sleeve: p.sleeve,
            instrument: legLabel(leg),
            quantity: qty,
            price: 0,
            modelPrice: round6(mid),
            cost: 0,
            cash: 0,
            reason: `${reason}: no bid (model ${round6(mid)} below one tick), left to expire worthless`,
          });
        leg.settled = true;
        leg.lastMark = 0;
        continue;
      }
      const usable = Number.isFinite(price) ? price : leg.lastMark;
      this.record(
        p.id,
        p.sleeve,
        leg,
        qty,
        usable,
        Number.isFinite(mid) ? mid : leg.lastMark,
        this.commission(leg, qty),
        reason,
        leg.lastMark,
      );
      leg.settled = true;
    }
    this.remove(p);
  }

  /**
   * Trades a position to target quantities per leg (a constant-maturity futures position's daily roll, a
   * collar's cross-roll): each difference fills at today's price with its commission, as an order of one leg;
   * legs the target drops are closed, new ones added.
   * Legs whose traded quantity is below `minTrade` contracts are left as they are.
   */
  rebalance(p: Position, targets: readonly LegSpec[], reason: string, minTrade = 1e-9): void {
    const sameSeries = (a: LegSpec, b: LegSpec): boolean =>
      a.instrument === b.instrument &&
      a.expiry === b.expiry &&
      a.strike === b.strike &&
      a.isCall === b.isCall;
    const trade = (leg: Leg, qty: number): void => {
      const price = this.fillPrice(leg, qty, 1);
      const mid = this.fillMid;
      if (!Number.isFinite(price)) assert(false, `no price for ${legLabel(leg)} on ${this.view.date}`);
      this.record(p.id, p.sleeve, leg, qty, price, mid, this.commission(leg, qty), reason, leg.lastMark);
      leg.qty += qty;
    };
    for (const leg of p.legs) {
      if (leg.settled) continue;
      const target = targets.find((t) => sameSeries(t, leg));
      const delta = (target ? target.qty : 0) - leg.qty;
      if (Math.abs(delta) >= minTrade) trade(leg, delta);
      if (Math.abs(leg.qty) < minTrade) leg.settled = true;
    }
    for (const target of targets) {
      if (Math.abs(target.qty) < minTrade || p.legs.some((l) => !l.settled && sameSeries(target, l)))
        continue;
      const leg: Leg = {
        instrument: target.instrument,
        isCall: target.isCall,
        strike: target.strike,
        expiry: target.expiry,
        qty: 0,
        lastMark: this.view.mid(target),
        settled: false,
        markMemo: null,
      };
      trade(leg, target.qty);
      p.legs.push(leg);
    }
    if (isClosed(p)) this.remove(p);
  }

  private remove(p: Position): void {
    const k = this.positions.indexOf(p);
    if (k >= 0) this.positions.splice(k, 1);
  }

  /**
   * Cash-settles every leg expiring on or before today. Returns the positions that became fully closed.
   * A leg whose expiration fell on a day missing from the data settles on the next day present, reported.
   */
  settleExpiring(onLate: (message: string) => void): readonly Position[] {
    const view = this.view;
    const day = view.day;
    // Most days settle nothing: look before copying the position list.
    if (!this.hasLegExpiringBy(day)) return NO_POSITIONS;
    const done: Position[] = [];
    for (const p of [...this.positions]) {
      for (const leg of p.legs) {
        if (leg.settled || leg.expiry > day) continue;
        const inst = leg.instrument;
        const proxied = inst.settlement === 'spx_open' && this.amSettlement === 'spy_open_proxy';
        let value = proxied ? view.spxSoqProxy() : NaN;
        const onProxy = Number.isFinite(value);
        if (proxied) noteDay(onProxy ? this.soqProxySettlements : this.soqFallbackSettlements, view.date);
        if (!onProxy) value = view.settlementValue(inst);
        if (leg.expiry < day)
          onLate(`${legLabel(leg)} settled on ${dayToIso(day)}: its expiration day is not in the data`);
        if (!Number.isFinite(value)) {
          value = view.close(inst.underlying);
          onLate(
            `${legLabel(leg)}: no ${SETTLEMENT_NAME[inst.settlement]} settlement print on ${dayToIso(day)}, settled on the close`,
          );
        }
        if (inst.settlement === 'spx_open' && !onProxy && view.spxOpenCarried())
          noteDay(this.carriedOpenSettlements, view.date);
        const payoff = inst.payoff(leg, value);
        // A future's last variation margin: from its last daily settlement to the final print.
        const variation = inst.margin === 'variation' ? leg.lastMark : 0;
        const cash = leg.qty * (payoff - variation) * inst.multiplier;
        if (this.keepLedger)
          this.ledger.push({
            date: view.date,
            position: p.id,
            sleeve: p.sleeve,
            instrument: legLabel(leg),
            quantity: -leg.qty,
            price: round6(payoff),
            // A future's row names the settlement its last variation runs from (an option's: its payoff).
            modelPrice: round6(inst.margin === 'variation' ? variation : payoff),
            cost: 0,
            cash: round6(cash),
            reason: `expiry-settle at ${round6(value)}${onProxy ? " (SOQ proxy from SPY's open)" : ''}`,
          });
        this.addCashFlow(p.sleeve, cash);
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

  private hasLegExpiringBy(day: DayNumber): boolean {
    for (const p of this.positions)
      for (const leg of p.legs) if (!leg.settled && leg.expiry <= day) return true;
    return false;
  }

  /**
   * Marks every open leg at today's mid (keeps the last mark where there is no price). A future's change of
   * settlement is paid or received in cash that day: its variation margin, one ledger row per leg.
   */
  mark(): number {
    let unpriced = 0;
    for (const p of this.positions) {
      for (const leg of p.legs) {
        if (leg.settled) continue;
        const m = this.view.markOf(leg);
        if (leg.instrument.kind === 'option') {
          if (this.view.quoted(leg)) this.pricing.quoteMarks++;
          else this.pricing.modelMarks++;
        }
        if (!Number.isFinite(m)) {
          unpriced++;
          continue;
        }
        if (leg.instrument.margin === 'variation' && p.openedDay < this.view.day)
          this.payVariation(p, leg, m);
        leg.lastMark = m;
      }
    }
    return unpriced;
  }

  private payVariation(p: Position, leg: Leg, settle: number): void {
    const cash = leg.qty * (settle - leg.lastMark) * leg.instrument.multiplier;
    if (this.keepLedger)
      this.ledger.push({
        date: this.view.date,
        position: p.id,
        sleeve: p.sleeve,
        instrument: legLabel(leg),
        quantity: 0,
        price: round6(settle),
        modelPrice: round6(leg.lastMark),
        cost: 0,
        cash: round6(cash),
        reason: `variation margin: settle ${round6(settle)} from ${round6(leg.lastMark)} on ${round6(leg.qty)} contract(s)`,
      });
    this.addCashFlow(p.sleeve, cash);
  }

  /**
   * Margin held for defined-risk credit positions (condors, credit spreads): their max loss. The credit
   * received stays in cash; cash less this margin is idle and earns interest.
   */
  margin(): number {
    let m = 0;
    for (const p of this.positions) if (p.unitPremium < 0) m += p.maxLossPerUnit * p.units;
    return m;
  }

  /**
   * Collateral the open positions tie up: each one's max loss (credit positions: width less credit;
   * debit positions: the premium paid). A new position must fit in equity less this.
   */
  collateralHeld(): number {
    let m = 0;
    for (const p of this.positions) m += p.maxLossPerUnit * p.units;
    return m;
  }

  /** Whether a new position tying up `collateral` dollars fits in equity less the collateral held. */
  fitsCollateral(collateral: number): boolean {
    return collateral <= this.equity() - this.collateralHeld();
  }

  /**
   * Credits the dividends of the open index lots for `days` calendar days at `yieldAnnual` (continuous) on
   * today's close, one ledger row per position. Returns the dollars credited.
   */
  creditDividends(yieldAnnual: number, days: number): number {
    let total = 0;
    const spot = this.view.close('SPX');
    for (const p of this.positions)
      for (const leg of p.legs) {
        if (leg.settled || leg.instrument.kind !== 'index') continue;
        const amount =
          leg.qty * leg.instrument.multiplier * spot * (Math.exp((yieldAnnual * days) / 365) - 1);
        if (this.keepLedger)
          this.ledger.push({
            date: this.view.date,
            position: p.id,
            sleeve: p.sleeve,
            instrument: legLabel(leg),
            quantity: 0,
            price: round6(yieldAnnual),
            modelPrice: round6(spot),
            cost: 0,
            cash: round6(amount),
            reason: `dividend: ${days} day(s) at ${(yieldAnnual * 100).toFixed(3)}% a year on ${leg.qty} lot(s)`,
          });
        this.addCashFlow(p.sleeve, amount);
        total += amount;
      }
    return total;
  }

  /** Whether any open position holds index lots (they earn dividends). */
  holdsIndex(): boolean {
    for (const p of this.positions)
      for (const leg of p.legs) if (!leg.settled && leg.instrument.kind === 'index') return true;
    return false;
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

  condors(): Position[] {
    return this.positions.filter((p) => p.kind === 'condor');
  }

  // The daily loop asks these every day: they count and search without building filtered arrays.

  /**
   * Copies the open positions of a sleeve into `out` (a snapshot the caller may close positions from) and
   * returns how many; entries past that count are stale. Truncating `out` instead would free its storage
   * and allocate it again the next day.
   */
  fillOpenOf(sleeve: string, out: Position[]): number {
    let n = 0;
    for (const p of this.positions) if (p.sleeve === sleeve) out[n++] = p;
    return n;
  }

  /** Copies the open condors into `out`, as `fillOpenOf`. */
  fillCondors(out: Position[]): number {
    let n = 0;
    for (const p of this.positions) if (p.kind === 'condor') out[n++] = p;
    return n;
  }

  openCount(sleeve: string): number {
    let n = 0;
    for (const p of this.positions) if (p.sleeve === sleeve) n++;
    return n;
  }

  condorCount(): number {
    let n = 0;
    for (const p of this.positions) if (p.kind === 'condor') n++;
    return n;
  }

  /** The open condor expiring first (the first opened among equals). */
  nearestCondor(): Position | null {
    let best: Position | null = null;
    for (const p of this.positions)
      if (p.kind === 'condor' && (best === null || p.legs[0].expiry < best.legs[0].expiry)) best = p;
    return best;
  }

  condorById(id: number | null): Position | null {
    for (const p of this.positions) if (p.kind === 'condor' && p.id === id) return p;
    return null;
  }

  hasCondorExpiring(expiry: DayNumber): boolean {
    for (const p of this.positions) if (p.kind === 'condor' && p.legs[0].expiry === expiry) return true;
    return false;
  }

  resetDay(): void {
    if (this.flowsToday) {
      this.flowValues.fill(0);
      this.flowsToday = false;
    }
  }
}

/** Premium a fill exchanges per point: the price, except for a future (variation margin only). */
function premiumOf(leg: LegSpec, price: number): number {
  return leg.instrument.margin === 'variation' ? 0 * price : price;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
