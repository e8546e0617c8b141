// The daily loop of one book: settle, mark, exit, enter, account. Each day the rules (strategy/) are handed
// that day's market view and the book's state, and the Book carries out what they decide.
import { civilFromDay, dayFromCivil, type DayNumber } from '../core/dates.js';
import { legLabel, legValue, unitMultiplier, type Position } from '../instruments/leg.js';
import { compileTrigger, parseTrigger } from '../signals/trigger.js';
import type { SignalTable } from '../signals/signal-table.js';
import type { Condition, DayContext } from '../strategy/book-state.js';
import { BOOK_RULES, type BookRules } from '../strategy/book-rules.js';
import { rebalancesDaily, rebalanceUnit } from '../strategy/layer-instruments.js';
import { compileLayerRule, type LayerRule } from '../strategy/layer-rule.js';
import type { Strategy } from '../strategy/schema.js';
import { strategySignalNames } from '../strategy/signal-names.js';
import type { MarketContext } from '../view/market-context.js';
import type { MarketView } from '../view/market-view.js';
import { ModelView } from '../view/model-view.js';
import { QuoteView, type QuoteSource } from '../view/quote-view.js';
import { defaultSmileParams } from '../pricing/spx-smile.js';
import { Book } from './book.js';
import { EngineSignals } from './engine-signals.js';
import type { BookResult } from './result.js';
import { SleeveSeries } from './sleeve-series.js';

/** Commission per VX futures contract when the strategy file states none (docs/strategy-files.md). */
export const DEFAULT_VIX_FUTURE_COMMISSION = 1.5;

/** Dividend yield of index lots on days the data give none: the smile's documented fallback (reported). */
const FALLBACK_DIVIDEND_YIELD = defaultSmileParams.fallbackDividendYield;

export interface BookRunOptions {
  name: string;
  title: string;
  strategyHash: string;
  /** Inclusive index range of the panel to run over. */
  start: number;
  end: number;
  /** Multiplies the budgets of layers with match_spend (spend matching). */
  spendScale: number;
  /** Replaces condor.size_factor 'match_spend' by this number. */
  sizeFactor: number;
  /** Write the trade ledger (default true; studies, which read only the daily series, turn it off). */
  ledger?: boolean;
  /** The rule units (default: the strategy layer's); the rule contract test passes checked ones. */
  rules?: BookRules;
  /** Real quotes to price legs from where they list them, the model answering the rest (`--chains`). */
  quotes?: QuoteSource;
}

/** A layer's rules and the engine's running state for it. */
interface LayerRun {
  rule: LayerRule;
  /** Entry days on which a VXTH-style band gave the layer a weight of 0: the rule saying "no position". */
  zeroWeightDays: number;
  /** Trading days in a row the trigger has been off. */
  offDays: number;
  /** Whether a choice of the layer trades its positions daily (a constant-maturity futures position). */
  rebalances: boolean;
}

/** Calendar month of a day as a number (year x 12 + month), without building a string every day. */
function monthKey(day: DayNumber): number {
  const c = civilFromDay(day);
  return c.year * 12 + c.month;
}

/** Day i's context for the rules: one object per book, moved forward with the view. */
class BookDay implements DayContext {
  i = -1;
  constructor(
    readonly view: MarketView,
    readonly book: Book,
    private readonly signals: SignalTable,
  ) {}
  holds(condition: Condition): boolean {
    return condition(this.i);
  }
  signal(name: string): number {
    return this.signals.has(name) ? this.signals.get(name)[this.i] : NaN;
  }
}

export function runBook(
  strategy: Strategy,
  market: MarketContext,
  signals: SignalTable,
  opts: BookRunOptions,
): BookResult {
  const panel = market.panel;
  const len = opts.end - opts.start + 1;
  const known = strategySignalNames(strategy);
  const stateNames = known.filter((name) => !signals.has(name));
  const enabledSpecs = strategy.layers.filter((l) => l.enabled);
  const table = new EngineSignals(
    signals,
    stateNames,
    enabledSpecs.map((l) => l.name),
  );
  const compile = (expr: string): Condition => compileTrigger(parseTrigger(expr, known), table);

  // A literal filled by push (not filter/map): V8 then creates the array of a book without layers with the
  // same element kind as one with layers, so the daily loop's code is not thrown away between the books.
  const layers: LayerRun[] = [];
  const enabledNames = new Set(enabledSpecs.map((l) => l.name));
  for (const spec of enabledSpecs)
    layers.push({
      rule: compileLayerRule(spec, compile, enabledNames),
      zeroWeightDays: 0,
      offDays: 0,
      rebalances: spec.use.some((c) => rebalancesDaily(c.instrument)),
    });

  const rules = opts.rules ?? BOOK_RULES;
  // The engine moves the model view a day at a time; a quote view reads its day from it.
  const modelView = new ModelView(market);
  const view: MarketView = opts.quotes ? new QuoteView(opts.quotes, modelView) : modelView;
  const costs = strategy.costs;
  const book = new Book(
    strategy.capital,
    view,
    {
      spxCommission: costs.spx_commission,
      vixCommission: costs.vix_commission,
      vixFutureCommission: costs.vix_future_commission ?? DEFAULT_VIX_FUTURE_COMMISSION,
      spreadPaid: costs.spread_paid,
      orderWidthPaid: costs.slippage === 'per_order' ? costs.order_width_paid : null,
    },
    { ledger: opts.ledger, amSettlement: strategy.am_settlement },
  );
  const ctx = new BookDay(view, book, table);
  const series = new SleeveSeries(
    len,
    layers.map((l) => l.rule.spec.name),
  );
  const condorSpec = strategy.condor;
  const sizeFactor = condorSpec.size_factor === 'match_spend' ? opts.sizeFactor : condorSpec.size_factor;

  const skipped: { date: string; reason: string }[] = [];
  const entered = new Set<DayNumber>();
  const closedCondors = new Set<number>();
  /** Each layer's spend in the month it last spent in (only the current month's is ever asked for). */
  const monthSpend = new Map<string, { month: number; spent: number }>();
  let currentMonth = 0;
  let monthLastDay = -Infinity;
  let prevIdle = 0;
  let fallbackDividendDays = 0;

  const skip = (reason: string): void => {
    skipped.push({ date: view.date, reason });
  };
  const monthSpendOf = (name: string): number => {
    const m = monthSpend.get(name);
    return m !== undefined && m.month === currentMonth ? m.spent : 0;
  };

  /** Snapshots of the positions a loop may close (closing edits the book's own list). */
  const condorSnapshot: Position[] = [];
  const layerSnapshot: Position[] = [];
  const condorEntry = {
    sizeFactor,
    isTaken: (e: DayNumber): boolean =>
      condorSpec.reenter_after_exit ? book.hasCondorExpiring(e) : entered.has(e),
    firstDay: panel.days[opts.start],
    blocked: false,
  };
  const anyVixExpirationLayer = layers.some((l) => l.rule.spec.entry_on === 'vix_expiration');

  const tryOpen = (
    t: number,
    layer: LayerRun,
    condor: Position | null,
    reason: string,
    budget: number | null,
  ): void => {
    const entry = rules.layerEntry(ctx, layer.rule, {
      condor,
      budget,
      spendScale: opts.spendScale,
      monthSpendOf,
    });
    if (entry.kind === 'none') return;
    if (entry.kind === 'zero-weight') {
      layer.zeroWeightDays++;
      return;
    }
    if (entry.kind === 'skip') {
      skip(entry.reason);
      return;
    }
    const name = layer.rule.spec.name;
    const p = book.open(name, 'hedge', entry.legs, entry.units, reason, {
      maxLossPerUnit: entry.maxLossPerUnit,
      condorId: condor ? condor.id : null,
      budget: entry.budget,
      choice: entry.choice,
      width: entry.width,
    });
    const spent = p.unitPremium * entry.units * unitMultiplier(entry.legs);
    monthSpend.set(name, { month: currentMonth, spent: monthSpendOf(name) + spent });
    series.hedgeSpend[t] += spent;
  };

  const exitCondors = (day: DayNumber): void => {
    const count = book.fillCondors(condorSnapshot);
    for (let k = 0; k < count; k++) {
      const p = condorSnapshot[k];
      if (p.openedDay >= day) continue;
      const exit = rules.condorExit(ctx, condorSpec, p);
      if (exit !== null) {
        book.close(p, exit);
        closedCondors.add(p.id);
      }
    }
  };

  const exitLayers = (t: number, day: DayNumber): void => {
    for (const layer of layers) {
      const on = ctx.holds(layer.rule.trigger);
      layer.offDays = on ? 0 : layer.offDays + 1;
      const count = book.fillOpenOf(layer.rule.spec.name, layerSnapshot);
      for (let k = 0; k < count; k++) {
        const p = layerSnapshot[k];
        if (p.openedDay >= day) continue;
        const condorClosed = p.condorId !== null && closedCondors.has(p.condorId);
        const exit = rules.layerExit(ctx, layer.rule, p, layer.offDays, condorClosed);
        if (exit === null) continue;
        if (exit === 'roll') {
          const condor = book.condorById(p.condorId);
          book.close(p, 'roll');
          tryOpen(t, layer, condor, 'roll', p.budget);
        } else book.close(p, exit);
      }
    }
  };

  /** Positions their template trades daily (a constant-maturity futures roll) move to today's targets. */
  const rebalanceLayers = (day: DayNumber): void => {
    for (const layer of layers) {
      if (!layer.rebalances) continue;
      const count = book.fillOpenOf(layer.rule.spec.name, layerSnapshot);
      for (let k = 0; k < count; k++) {
        const p = layerSnapshot[k];
        if (p.openedDay >= day) continue;
        const targets = rebalanceUnit(view, layer.rule.spec.use[p.choice].instrument, p);
        if (targets !== null) book.rebalance(p, targets, 'daily roll');
      }
    }
  };

  const enterCondor = (t: number): void => {
    let blocked = false;
    for (const l of layers)
      if (l.rule.spec.block_new_condors && book.openCount(l.rule.spec.name) > 0) blocked = true;
    condorEntry.blocked = blocked;
    const entry = rules.condorEntry(ctx, condorSpec, condorEntry);
    if (entry === null) return;
    if (entry.kind === 'skip') {
      skip(entry.reason);
      return;
    }
    // The expiration counts as entered only once a condor opens on it: a day on which none can be built
    // (reported) leaves the next day free to try again.
    entered.add(entry.expiry);
    const condor = book.open('core', 'condor', entry.legs, entry.units, 'open', {
      maxLossPerUnit: entry.maxLossPerUnit,
      condorId: null,
      budget: 0,
      choice: 0,
      width: entry.width,
    });
    series.coreCredit[t] += entry.credit * entry.units * unitMultiplier(entry.legs);
    for (const layer of layers) {
      const spec = layer.rule.spec;
      if (spec.entry_on !== 'condor_entry' || !ctx.holds(layer.rule.trigger)) continue;
      if (book.openCount(spec.name) >= spec.max_open) continue;
      tryOpen(t, layer, condor, 'open', null);
    }
  };

  /** Layer positions opened today against a core (the calls a cross-roll compares with its put). */
  const writtenToday: Position[] = [];
  const crossRollDays: string[] = [];
  const crossRollCores = (day: DayNumber): void => {
    const count = book.fillCondors(condorSnapshot);
    for (let k = 0; k < count; k++) {
      const core = condorSnapshot[k];
      writtenToday.length = 0;
      for (const p of book.positions)
        if (p.kind === 'hedge' && p.openedDay === day && p.condorId === core.id) writtenToday.push(p);
      if (writtenToday.length === 0) continue;
      const roll = rules.crossRoll(ctx, condorSpec, core, writtenToday);
      if (roll === null) continue;
      book.rebalance(core, roll.targets, roll.reason);
      crossRollDays.push(view.date);
    }
  };

  const enterLayers = (t: number): void => {
    const isVixExpiry = anyVixExpirationLayer && view.isVixExpirationDay();
    for (const layer of layers) {
      const spec = layer.rule.spec;
      const when = spec.entry_on;
      if (when === 'condor_entry' || (when === 'vix_expiration' && !isVixExpiry)) continue;
      if (!ctx.holds(layer.rule.trigger) || book.openCount(spec.name) >= spec.max_open) continue;
      tryOpen(t, layer, book.nearestCondor(), 'open', null);
    }
  };

  for (let i = opts.start; i <= opts.end; i++) {
    const t = i - opts.start;
    modelView.moveTo(i);
    ctx.i = i;
    const day = view.day;
    // The month changes only when the day passes the month's last day.
    if (day > monthLastDay) {
      currentMonth = monthKey(day);
      const c = civilFromDay(day);
      monthLastDay =
        dayFromCivil(c.month === 12 ? c.year + 1 : c.year, c.month === 12 ? 1 : c.month + 1, 1) - 1;
    }
    book.resetDay();

    if (i > opts.start && strategy.cash_earns_rate && prevIdle > 0) {
      const amount = (prevIdle * market.rate(i - 1) * (day - panel.days[i - 1])) / 365;
      book.creditInterest(amount);
      series.interest[t] = amount;
    }

    // Index lots held overnight earn the days' dividends on today's close.
    if (i > opts.start && book.holdsIndex()) {
      let q = view.indexDividendYield();
      if (!Number.isFinite(q)) {
        q = FALLBACK_DIVIDEND_YIELD;
        fallbackDividendDays++;
      }
      book.creditDividends(q, day - panel.days[i - 1]);
    }

    for (const p of book.settleExpiring(skip)) if (p.kind === 'condor') closedCondors.add(p.id);
    const unpriced = book.mark();
    const reason = view.unpriceableReason();

    // Engine state signals as of the start of the day's decisions (exits read these) ...
    table.update(i, day, book);

    if (reason !== null) {
      skip(`no trading: ${reason}`);
    } else {
      if (unpriced > 0)
        skip(
          `${unpriced} open leg(s) kept at their last mark: ${view.vixUnpriceableReason() ?? 'no model price'}`,
        );
      exitCondors(day);
      exitLayers(t, day);
      rebalanceLayers(day);
      // ... and again after the exits, so that entries see the book they will actually add to.
      table.update(i, day, book);
      enterCondor(t);
      enterLayers(t);
      if (condorSpec.cross_roll === true) crossRollCores(day);
    }

    series.close(t, book);
    prevIdle = strategy.collateral_earns_rate ? book.cash : book.cash - book.margin();
  }

  const openAtEnd = book.positions.flatMap((p) =>
    p.legs
      .filter((leg) => !leg.settled)
      .map((leg) => ({
        position: p.id,
        sleeve: p.sleeve,
        instrument: legLabel(leg),
        quantity: leg.qty,
        mark: leg.lastMark,
        value: legValue(leg, leg.lastMark),
      })),
  );
  const state: Record<string, Float64Array> = {};
  for (const name of stateNames) state[name] = table.get(name).slice(opts.start, opts.end + 1);
  const notes: string[] = [];
  if (fallbackDividendDays > 0)
    notes.push(
      `index dividends: ${fallbackDividendDays} day(s) without a yield in the data (no SPY dividends on file) earned the fixed ${FALLBACK_DIVIDEND_YIELD * 100}% a year`,
    );
  const soqNote = soqProxyNote(book, panel.spxSoqProxy !== undefined);
  if (soqNote !== null) notes.push(soqNote);
  if (crossRollDays.length > 0)
    notes.push(
      `cross-roll: the core's put replaced on ${crossRollDays.length} day(s) a call was written below it: ${listDays(crossRollDays)}`,
    );
  for (const layer of layers)
    if (layer.zeroWeightDays > 0)
      notes.push(
        `layer ${layer.rule.spec.name}: weight 0% in this band on ${layer.zeroWeightDays} entry day(s) (the front VIX future lay in a 0% band): no position, as the rule says`,
      );
  return {
    name: opts.name,
    title: opts.title,
    strategyHash: opts.strategyHash,
    dates: market.datesOf(opts.start, opts.end),
    equity: series.equity,
    cash: series.cash,
    coreMtmPnl: series.coreMtmPnl,
    interest: series.interest,
    layers: series.layers,
    ledger: book.ledger,
    skipped,
    hedgeSpend: series.hedgeSpend,
    coreCredit: series.coreCredit,
    openAtEnd,
    state,
    notes,
    carriedOpenSettlements: book.carriedOpenSettlements,
    ...(opts.quotes ? { pricing: book.pricing } : {}),
  };
}

/** What `am_settlement: spy_open_proxy` settled on: the proxy's days, and those that fell back to the SPX open. */
function soqProxyNote(book: Book, dataHaveSpy: boolean): string | null {
  const on = book.soqProxySettlements.length;
  const off = book.soqFallbackSettlements;
  if (on + off.length === 0) return null;
  const fallback =
    off.length === 0
      ? ''
      : dataHaveSpy
        ? `; ${off.length} without one (no SPY prices that day or the day before, or outside the dividends on file) settled on the SPX open: ${listDays(off)}`
        : `; the data hold no SPY prices (manifest target 'spy'), so all ${off.length} expiration day(s) settled on the SPX open`;
  return `AM settlement on the SOQ proxy from SPY's open: ${on} expiration day(s)${fallback}`;
}

function listDays(dates: readonly string[]): string {
  return dates.length > 12
    ? `${dates.slice(0, 12).join(', ')} and ${dates.length - 12} more`
    : dates.join(', ');
}
