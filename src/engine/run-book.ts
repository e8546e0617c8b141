// The daily loop of one book: settle, mark, exit, enter, account. A strategy sees the market up to day i
// only: signals are causal arrays read at i, prices come from day i's market.
import { civilFromDay, dayToIso, type DayNumber } from '../core/dates.js';
import { tradingDaysBetween } from '../market/calendar.js';
import { compileTrigger, parseTrigger } from '../signals/trigger.js';
import type { SignalTable } from '../signals/signal-table.js';
import type { LayerSpec, Strategy } from '../strategy/schema.js';
import { strategySignalNames, layerActiveSignal } from '../strategy/signal-names.js';
import { Book } from './book.js';
import {
  chooseCondorExpiry,
  condorContracts,
  condorExit,
  maxLossPerUnit,
  planCondor,
} from './condor-rules.js';
import { bandWeight, planUnit, sizeUnits } from './layer-rules.js';
import type { MarketContext } from './market-context.js';
import { lastExpiry, legLabel, MULTIPLIER, unitValue, type Position } from './positions.js';
import type { BookResult, LayerSeries } from './result.js';

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
}

type Predicate = (i: number) => boolean;

/** Signal table extended with the engine's own state signals, written at index i before evaluation. */
class EngineSignals implements SignalTable {
  readonly n: number;
  readonly names: readonly string[];
  private readonly state = new Map<string, Float64Array>();
  constructor(
    private readonly base: SignalTable,
    stateNames: readonly string[],
  ) {
    this.n = base.n;
    for (const name of stateNames) this.state.set(name, new Float64Array(base.n).fill(NaN));
    this.names = [...base.names, ...stateNames];
  }
  has(name: string): boolean {
    return this.state.has(name) || this.base.has(name);
  }
  get(name: string): Float64Array {
    return this.state.get(name) ?? this.base.get(name);
  }
  /** The array the engine writes a state signal into, or null when the market table provides that name. */
  stateArray(name: string): Float64Array | null {
    return this.state.get(name) ?? null;
  }
}

interface CompiledLayer {
  spec: LayerSpec;
  trigger: Predicate;
  choiceWhen: (Predicate | null)[];
  calendarWhen: (Predicate | null)[];
  scaleWhen: { when: Predicate; factor: number }[];
  exitWhen: Predicate | null;
  /** The layer's `<layer>_active` state signal (null when the market table has that name). */
  activeState: Float64Array | null;
  /** Per choice: the reason it cannot trade at all (it is sized on a disabled layer's spend), or null. */
  unfunded: (string | null)[];
  /** Entry days on which a VXTH-style band gave the layer a weight of 0: the rule saying "no position". */
  zeroWeightDays: number;
  active: Uint8Array;
  cashFlow: Float64Array;
  mtmPnl: Float64Array;
  offDays: number;
  lastValue: number;
}

/** Calendar month of a day as a number (year x 12 + month), without building a string every day. */
function monthKey(day: DayNumber): number {
  const c = civilFromDay(day);
  return c.year * 12 + c.month;
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
  const table = new EngineSignals(signals, stateNames);
  const compile = (expr: string): Predicate => compileTrigger(parseTrigger(expr, known), table);

  // A literal filled by push (not filter/map): V8 then creates the array of a book without layers with the
  // same element kind as one with layers, so the daily loop's code is not thrown away between the books.
  const layers: CompiledLayer[] = [];
  const enabledNames = new Set(strategy.layers.filter((l) => l.enabled).map((l) => l.name));
  for (const spec of strategy.layers) {
    if (!spec.enabled) continue;
    layers.push({
      spec,
      trigger: compile(spec.trigger),
      choiceWhen: spec.use.map((c) => (c.when === null ? null : compile(c.when))),
      calendarWhen: spec.use.map((c) =>
        c.instrument.type === 'vix_call' && c.instrument.calendar
          ? compile(c.instrument.calendar.when)
          : null,
      ),
      scaleWhen: spec.scale.map((s) => ({ when: compile(s.when), factor: s.factor })),
      exitWhen: spec.exits.when === null ? null : compile(spec.exits.when),
      activeState: table.stateArray(layerActiveSignal(spec.name)),
      unfunded: spec.use.map((c) =>
        c.sizing.basis === 'layer_month_spend' && !enabledNames.has(c.sizing.layer)
          ? `${spec.name}: sized on what ${c.sizing.layer} spends each month, but ${c.sizing.layer} is disabled`
          : null,
      ),
      zeroWeightDays: 0,
      active: new Uint8Array(len),
      cashFlow: new Float64Array(len),
      mtmPnl: new Float64Array(len),
      offDays: 0,
      lastValue: 0,
    });
  }

  const costs = strategy.costs;
  const book = new Book(
    strategy.capital,
    market,
    {
      spxCommission: costs.spx_commission,
      vixCommission: costs.vix_commission,
      spreadPaid: costs.spread_paid,
      orderWidthPaid: costs.slippage === 'per_order' ? costs.order_width_paid : null,
    },
    { ledger: opts.ledger },
  );
  const condorSpec = strategy.condor;
  const sizeFactor = condorSpec.size_factor === 'match_spend' ? opts.sizeFactor : condorSpec.size_factor;

  const equity = new Float64Array(len);
  const cash = new Float64Array(len);
  const coreMtmPnl = new Float64Array(len);
  const interest = new Float64Array(len);
  const hedgeSpend = new Float64Array(len);
  const coreCredit = new Float64Array(len);
  const skipped: { date: string; reason: string }[] = [];
  const entered = new Set<DayNumber>();
  const closedCondors = new Set<number>();
  const monthSpend = new Map<string, number>();
  let currentMonth = 0;
  let coreLastValue = 0;
  let prevIdle = 0;

  const skip = (i: number, reason: string): void => {
    skipped.push({ date: panel.dates[i], reason });
  };
  const spendKey = (layer: string): string => `${currentMonth}|${layer}`;
  const frontFuture = signals.has('m1') ? signals.get('m1') : null;

  // State arrays and snapshots are set up once: the daily loop below allocates nothing on quiet days.
  const condorDaysLeft = table.stateArray('condor_days_left');
  const openCondors = table.stateArray('open_condors');
  const updateState = (i: number, day: DayNumber): void => {
    const near = book.nearestCondor();
    if (condorDaysLeft) condorDaysLeft[i] = near ? tradingDaysBetween(day, near.legs[0].expiry) : NaN;
    if (openCondors) openCondors[i] = book.condorCount();
    for (const layer of layers)
      if (layer.activeState) layer.activeState[i] = book.openCount(layer.spec.name) > 0 ? 1 : 0;
  };
  /** Snapshots of the positions a loop may close (closing edits the book's own list). */
  const condorSnapshot: Position[] = [];
  const layerSnapshot: Position[] = [];
  const condorTaken = (e: DayNumber): boolean =>
    condorSpec.reenter_after_exit ? book.hasCondorExpiring(e) : entered.has(e);
  const firstDay = panel.days[opts.start];
  const anyVixExpirationLayer = layers.some((l) => l.spec.entry_on === 'vix_expiration');

  const tryOpen = (
    i: number,
    layer: CompiledLayer,
    condor: Position | null,
    reason: string,
    budget: number | null,
  ): void => {
    const spec = layer.spec;
    let k = -1;
    for (let j = 0; j < spec.use.length && k < 0; j++) {
      const when = layer.choiceWhen[j];
      if (when === null || when(i)) k = j;
    }
    if (k < 0) return;
    const choice = spec.use[k];
    const unfunded = layer.unfunded[k];
    if (unfunded !== null) {
      skip(i, unfunded);
      return;
    }
    if (
      choice.sizing.basis === 'front_future_bands' &&
      frontFuture !== null &&
      Number.isFinite(frontFuture[i]) &&
      bandWeight(choice.sizing.bands, frontFuture[i]) === 0
    ) {
      // Weight 0% in this band: the rule says to hold nothing today, which is not a filter that missed.
      layer.zeroWeightDays++;
      return;
    }
    const calendarOn = layer.calendarWhen[k] !== null && layer.calendarWhen[k]!(i);
    const plan = planUnit(market, i, choice.instrument, condor, calendarOn);
    if (typeof plan === 'string') {
      skip(i, `${spec.name}: ${plan}`);
      return;
    }
    const unitPremium = book.quoteUnit(i, plan.legs);
    if (!Number.isFinite(unitPremium) || unitPremium === 0) {
      skip(i, `${spec.name}: no model price for the instrument`);
      return;
    }
    let scale = spec.match_spend ? opts.spendScale : 1;
    for (const s of layer.scaleWhen) if (s.when(i)) scale *= s.factor;
    let units: number | string;
    if (budget !== null) {
      units = Math.floor(budget / (Math.abs(unitPremium) * MULTIPLIER));
    } else {
      units = sizeUnits(choice.sizing, unitPremium, scale, {
        equity: book.equity(),
        condor,
        openCondors: book.condors(),
        frontFuture: frontFuture ? frontFuture[i] : NaN,
        monthSpendOf: (name) => monthSpend.get(spendKey(name)) ?? 0,
        raisedThisMonth: -(monthSpend.get(spendKey(spec.name)) ?? 0),
      });
    }
    if (typeof units === 'string') {
      skip(i, `${spec.name}: ${units}`);
      return;
    }
    const isCreditInstrument = choice.instrument.type === 'spx_call_credit_spread';
    if (isCreditInstrument && !(unitPremium < 0)) {
      skip(i, `${spec.name}: the credit spread nets no credit at model prices after the spread`);
      return;
    }
    // A credit position can lose its width less the credit; a debit position its premium.
    const maxLossUnit =
      unitPremium < 0 ? plan.width * MULTIPLIER + unitPremium * MULTIPLIER : unitPremium * MULTIPLIER;
    if (spec.max_loss_fraction !== null && maxLossUnit > 0) {
      units = Math.min(units, Math.floor((spec.max_loss_fraction * book.equity()) / maxLossUnit));
    }
    if (spec.max_premium_of_condor_loss !== null && condor !== null && unitPremium > 0) {
      const cap = spec.max_premium_of_condor_loss * condor.maxLossPerUnit * condor.units;
      units = Math.min(units, Math.floor(cap / (unitPremium * MULTIPLIER)));
    }
    if (units <= 0) {
      // A financing layer with no room left this month is the rule working, not a filter that missed.
      if (choice.sizing.basis !== 'layer_month_spend' && scale > 0)
        skip(i, `${spec.name}: budget below one contract`);
      return;
    }
    const collateralUnit = Math.max(maxLossUnit, 0);
    if (!book.fitsCollateral(collateralUnit * units)) {
      skip(i, `${spec.name}: not enough free collateral`);
      return;
    }
    const p = book.open(i, spec.name, 'hedge', plan.legs, units, reason, {
      maxLossPerUnit: collateralUnit,
      condorId: condor ? condor.id : null,
      budget: Math.abs(unitPremium) * units * MULTIPLIER,
      choice: k,
      width: plan.width,
    });
    const spent = p.unitPremium * units * MULTIPLIER;
    monthSpend.set(spendKey(spec.name), (monthSpend.get(spendKey(spec.name)) ?? 0) + spent);
    hedgeSpend[i - opts.start] += spent;
  };

  for (let i = opts.start; i <= opts.end; i++) {
    const t = i - opts.start;
    const day = panel.days[i];
    currentMonth = monthKey(day);
    book.resetDay();

    if (i > opts.start && strategy.cash_earns_rate && prevIdle > 0) {
      const amount = (prevIdle * market.rate(i - 1) * (day - panel.days[i - 1])) / 365;
      book.creditInterest(amount);
      interest[t] = amount;
    }

    for (const p of book.settleExpiring(i, skip)) if (p.kind === 'condor') closedCondors.add(p.id);
    const unpriced = book.mark(i);
    const reason = market.unpriceableReason(i);

    // Engine state signals as of the start of the day's decisions (exits read these) ...
    updateState(i, day);

    if (reason !== null) {
      skip(i, `no trading: ${reason}`);
    } else {
      if (unpriced > 0)
        skip(
          i,
          `${unpriced} open leg(s) kept at their last mark: ${market.vixUnpriceableReason(i) ?? 'no model price'}`,
        );
      const condorCount = book.fillCondors(condorSnapshot);
      for (let k = 0; k < condorCount; k++) {
        const p = condorSnapshot[k];
        if (p.openedIndex >= i) continue;
        const exit = condorExit(p, condorSpec, -unitValue(p), p.legs[0].expiry - day);
        if (exit !== null) {
          book.close(i, p, exit);
          closedCondors.add(p.id);
        }
      }
      for (const layer of layers) {
        const on = layer.trigger(i);
        layer.offDays = on ? 0 : layer.offDays + 1;
        const ex = layer.spec.exits;
        const openCount = book.fillOpenOf(layer.spec.name, layerSnapshot);
        for (let k = 0; k < openCount; k++) {
          const p = layerSnapshot[k];
          if (p.openedIndex >= i) continue;
          const value = unitValue(p);
          if (ex.with_condor && p.condorId !== null && closedCondors.has(p.condorId))
            book.close(i, p, 'condor-exit');
          else if (
            ex.profit_multiple !== null &&
            p.unitPremium > 0 &&
            value >= ex.profit_multiple * p.unitPremium
          )
            book.close(i, p, 'profit-take');
          else if (
            ex.spread_value_fraction !== null &&
            p.width > 0 &&
            value >= ex.spread_value_fraction * p.width
          )
            book.close(i, p, 'spread-target');
          else if (layer.exitWhen !== null && layer.exitWhen(i)) book.close(i, p, 'exit-signal');
          else if (ex.trigger_off_days !== null && layer.offDays >= ex.trigger_off_days)
            book.close(i, p, 'trigger-off');
          else if (ex.roll_at_dte !== null && lastExpiry(p) - day <= ex.roll_at_dte) {
            const condor = book.condorById(p.condorId);
            book.close(i, p, 'roll');
            tryOpen(i, layer, condor, 'roll', p.budget);
          }
        }
      }

      // ... and again after the exits, so that entries see the book they will actually add to.
      updateState(i, day);
      let blocked = false;
      for (const l of layers) if (l.spec.block_new_condors && book.openCount(l.spec.name) > 0) blocked = true;
      const expiry = chooseCondorExpiry(market, i, condorSpec, condorTaken, firstDay);
      if (expiry !== null && blocked) {
        skip(i, `no new condor for ${dayToIso(expiry)}: blocked while a regime layer is on`);
      } else if (expiry !== null) {
        // The expiration counts as entered only once a condor opens on it: a day on which none can be
        // built (reported) leaves the next day free to try again.
        const plan = planCondor(market, i, condorSpec, expiry);
        if (typeof plan === 'string') skip(i, `condor ${dayToIso(expiry)}: ${plan}`);
        else {
          const credit = -book.quoteUnit(i, plan.legs);
          const maxLoss = maxLossPerUnit(plan.width, credit);
          const units = condorContracts(book.equity(), condorSpec.risk_fraction, sizeFactor, maxLoss);
          if (!(credit > 0)) skip(i, `condor ${dayToIso(expiry)}: no credit at model prices`);
          else if (units <= 0) skip(i, `condor ${dayToIso(expiry)}: size rounds to zero contracts`);
          else if (!book.fitsCollateral(maxLoss * units))
            skip(i, `condor ${dayToIso(expiry)}: not enough free collateral`);
          else {
            entered.add(expiry);
            const condor = book.open(i, 'core', 'condor', plan.legs, units, 'open', {
              maxLossPerUnit: maxLoss,
              condorId: null,
              budget: 0,
              choice: 0,
              width: plan.width,
            });
            coreCredit[t] += credit * units * MULTIPLIER;
            for (const layer of layers) {
              if (layer.spec.entry_on !== 'condor_entry' || !layer.trigger(i)) continue;
              if (book.openCount(layer.spec.name) >= layer.spec.max_open) continue;
              tryOpen(i, layer, condor, 'open', null);
            }
          }
        }
      }

      const isVixExpiry = anyVixExpirationLayer && market.isVixExpirationDay(i);
      for (const layer of layers) {
        const when = layer.spec.entry_on;
        if (when === 'condor_entry' || (when === 'vix_expiration' && !isVixExpiry)) continue;
        if (!layer.trigger(i) || book.openCount(layer.spec.name) >= layer.spec.max_open) continue;
        tryOpen(i, layer, book.nearestCondor(), 'open', null);
      }
    }

    equity[t] = book.equity();
    cash[t] = book.cash;
    const coreValue = book.sleeveValue('core');
    coreMtmPnl[t] = coreValue - coreLastValue + (book.todayCashFlow.get('core') ?? 0);
    coreLastValue = coreValue;
    for (const layer of layers) {
      const name = layer.spec.name;
      const value = book.sleeveValue(name);
      const flow = book.todayCashFlow.get(name) ?? 0;
      layer.cashFlow[t] = flow;
      layer.mtmPnl[t] = value - layer.lastValue + flow;
      layer.lastValue = value;
      layer.active[t] = book.openCount(name) > 0 ? 1 : 0;
    }
    prevIdle = book.cash - book.margin();
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
        value: leg.qty * leg.lastMark * MULTIPLIER,
      })),
  );
  const state: Record<string, Float64Array> = {};
  for (const name of stateNames) state[name] = table.get(name).slice(opts.start, opts.end + 1);
  const notes: string[] = [];
  for (const layer of layers)
    if (layer.zeroWeightDays > 0)
      notes.push(
        `layer ${layer.spec.name}: weight 0% in this band on ${layer.zeroWeightDays} entry day(s) (the front VIX future lay in a 0% band): no position, as the rule says`,
      );
  const layerSeries: Record<string, LayerSeries> = {};
  for (const layer of layers)
    layerSeries[layer.spec.name] = { cashFlow: layer.cashFlow, mtmPnl: layer.mtmPnl, active: layer.active };
  return {
    name: opts.name,
    title: opts.title,
    strategyHash: opts.strategyHash,
    dates: panel.dates.slice(opts.start, opts.end + 1),
    equity,
    cash,
    coreMtmPnl,
    interest,
    layers: layerSeries,
    ledger: book.ledger,
    skipped,
    hedgeSpend,
    coreCredit,
    openAtEnd,
    state,
    notes,
    carriedOpenSettlements: book.carriedOpenSettlements
      .filter((k) => k >= opts.start && k <= opts.end)
      .map((k) => panel.dates[k]),
  };
}
