// The model market over a whole panel: the SPX smile, the VIX futures curve and Black-76 on the future,
// per-day caches and the expiration calendars. Rules and the book see it only through a day's ModelView.
import type { DayNumber } from '../core/dates.js';
import {
  spxMonthlyExpirationsBetween,
  spxWeeklyExpirationsBetween,
  spxWeeklySources,
  vixExpirationsBetween,
} from '../market/expirations.js';
import type { Panel } from '../market/panel.js';
import { buildSpxSmile, rebuildSpxSmile, type SpxSmile } from '../pricing/spx-smile.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import { vixFutureForExpiry } from '../pricing/vix-futures-curve.js';
import { priceVixOption, vixOptionDelta, vixStrikeForDelta } from '../pricing/vix-options.js';

/** Smallest time to expiry used by the models (about 15 minutes), so a same-day option still has a price. */
const MIN_T_YEARS = 1 / (365 * 96);

/**
 * Year fraction to an expiry for a product that stops trading `daysEarly` before the expiration day's close
 * (AM-settled options the previous afternoon: 0.75 day; PM-settled: 0).
 */
export function yearsToExpiry(today: DayNumber, expiry: DayNumber, daysEarly: number): number {
  const days = expiry - today - daysEarly;
  return Math.max(days / 365, MIN_T_YEARS);
}

/** Answers the memo keeps at most (a V8 Map holds about 16 million; this bounds a study's memory too). */
const MEMO_LIMIT = 4_000_000;

/** Days of option mids the series memo keeps at most (8 bytes each: 256 MB), over all series. */
const SERIES_CELL_LIMIT = 32_000_000;

/** A mid not computed yet (a model mid is never -Infinity; one that were would only be recomputed). */
const UNSET = -Infinity;

/**
 * One option series' model mids day by day (`keepSmiles`), shared by every book of a study that quotes
 * or holds it: a held leg's daily mark is then an index into one array instead of a hash lookup, and
 * the days of a series lie side by side in memory. `values[i - from]` is the mid of day index i.
 */
export class SeriesMids {
  constructor(
    readonly owner: MarketContext,
    readonly vix: boolean,
    readonly isCall: boolean,
    readonly strike: number,
    readonly expiry: DayNumber,
    readonly daysEarly: number,
    /** The last day index the series can be asked for (its expiration day, or the panel's last day). */
    readonly last: number,
    public from: number,
    public values: Float64Array,
  ) {}
}

export class MarketContext {
  readonly panel: Panel;
  /**
   * The solved 30-day smile level per day (NaN until first asked for), and the smile of the day asked for
   * last. Keeping one number a day instead of every day's smile object keeps a run's books (which each walk
   * the days in order) from promoting thousands of smiles into the old generation of the heap.
   */
  private readonly smileLevels: Float64Array;
  /** Whether the levels came from a caller (an earlier run's, kept on disk): see `buildSmile`. */
  private readonly levelsGiven: boolean;
  private smileIndex = -1;
  private smileOfIndex: SpxSmile | null = null;
  private readonly smileFallbacks = new Set<string>();
  /** The panel's rate with gaps carried forward from the last published value (counted in `rateDaysCarried`). */
  private readonly rates: Float64Array;
  readonly rateDaysCarried: number;
  /**
   * SPX monthly and VIX expirations from the first day to `expiriesTo`, ascending, built on first use: the
   * daily loop asks for them every day, and a search in one list beats rebuilding months each time.
   */
  private monthlyExpiries: Int32Array | null = null;
  private vixExpiries: Int32Array | null = null;
  private readonly expiriesTo: DayNumber;
  private readonly dateRanges = new Map<string, string[]>();
  /** SPXW expirations over the whole span per weekday set (bit mask), built on first use. */
  private readonly weeklyLists = new Map<number, { expiry: Int32Array; source: Int32Array }>();

  /**
   * Every day's smile kept once built (`keepSmiles`): a study runs thousands of books on one market, and
   * rebuilding each day's smile for each book costs more than holding them all.
   */
  private readonly smiles: (SpxSmile | null | undefined)[] | null;

  /**
   * Option prices and strikes-for-delta already computed (`keepSmiles`): a study's books mark the same legs
   * and look for the same strikes on the same days, config after config. Bucketed by day (see `key`).
   */
  private readonly memo: (Map<number, number> | undefined)[] | null;
  private memoSize = 0;

  /** The option series memo (`keepSmiles`), by series key (`seriesKey`). */
  private readonly series: Map<number, SeriesMids> | null;
  private seriesCells = 0;
  /** The memo bucket of the question `key` named last. */
  private slot = 0;

  /** Options priced on the index position's dividend yield where the data give none (`option_dividend_yield`). */
  private readonly indexDividends: boolean;

  /**
   * `smileLevels`: the 30-day smile levels an earlier run over the same panel solved (NaN where it solved
   * none), as `solvedSmileLevels` gave them; the rebuilt smiles price exactly as the solved ones.
   */
  constructor(
    panel: Panel,
    opts: { keepSmiles?: boolean; indexDividends?: boolean; smileLevels?: Float64Array } = {},
  ) {
    this.panel = panel;
    this.indexDividends = opts.indexDividends ?? false;
    this.smiles = opts.keepSmiles ? new Array<SpxSmile | null | undefined>(panel.n) : null;
    this.memo = opts.keepSmiles ? new Array<Map<number, number> | undefined>(panel.n * 128) : null;
    this.series = opts.keepSmiles ? new Map() : null;
    this.levelsGiven = opts.smileLevels?.length === panel.n;
    this.smileLevels = this.levelsGiven
      ? Float64Array.from(opts.smileLevels!)
      : new Float64Array(panel.n).fill(NaN);
    this.rates = new Float64Array(panel.n);
    let last = NaN;
    let carried = 0;
    for (let i = 0; i < panel.n; i++) {
      const r = panel.series.rateAnnual[i];
      if (Number.isFinite(r)) last = r;
      else if (Number.isFinite(last)) carried++;
      this.rates[i] = last;
    }
    this.rateDaysCarried = carried;
    this.expiriesTo = panel.n > 0 ? panel.days[panel.n - 1] + 800 : -Infinity;
  }

  /** Whether [fromDay, toDay] lies inside the span the cached expiration lists cover. */
  private covers(fromDay: DayNumber, toDay: DayNumber): boolean {
    return this.panel.n > 0 && fromDay >= this.panel.days[0] && toDay <= this.expiriesTo;
  }

  private monthlyList(): Int32Array {
    this.monthlyExpiries ??= Int32Array.from(
      spxMonthlyExpirationsBetween(this.panel.days[0], this.expiriesTo),
    );
    return this.monthlyExpiries;
  }

  private vixList(): Int32Array {
    this.vixExpiries ??= Int32Array.from(vixExpirationsBetween(this.panel.days[0], this.expiriesTo));
    return this.vixExpiries;
  }

  /**
   * The ISO dates of days start..end, one array per range for the market's life: a study's books share it,
   * and the analytics keep what they derive from it. Nobody may change it.
   */
  datesOf(start: number, end: number): string[] {
    const key = `${start}:${end}`;
    let dates = this.dateRanges.get(key);
    if (dates === undefined) {
      dates = this.panel.dates.slice(start, end + 1);
      if (this.dateRanges.size >= 16) this.dateRanges.clear();
      this.dateRanges.set(key, dates);
    }
    return dates;
  }

  iso(i: number): string {
    return this.panel.dates[i];
  }

  spot(i: number): number {
    return this.panel.series.spxClose[i];
  }

  /** Risk-free rate of day i; before the first published rate, 0 (reported by `unpriceableReason` callers). */
  rate(i: number): number {
    const r = this.rates[i];
    return Number.isFinite(r) ? r : 0;
  }

  /** Why the market on day i cannot be priced, or null when it can. */
  unpriceableReason(i: number): string | null {
    const s = this.panel.series;
    if (!Number.isFinite(s.spxClose[i])) return 'no SPX close';
    if (!Number.isFinite(s.vixClose[i])) return 'no VIX close';
    return null;
  }

  /** The SPX smile of day i (its level solved once per day); null when SPX or VIX is missing. */
  smile(i: number): SpxSmile | null {
    if (i !== this.smileIndex) {
      const kept = this.smiles?.[i];
      this.smileOfIndex =
        kept !== undefined ? kept : this.unpriceableReason(i) === null ? this.buildSmile(i) : null;
      if (this.smiles && kept === undefined) this.smiles[i] = this.smileOfIndex;
      this.smileIndex = i;
    }
    return this.smileOfIndex;
  }

  private buildSmile(i: number): SpxSmile {
    const inputs = smileInputsAt(this.panel, i, this.rate(i), this.indexDividends);
    const level30 = this.smileLevels[i];
    if (!Number.isNaN(level30)) {
      const rebuilt = rebuildSpxSmile(inputs, level30);
      // Given levels: no day is solved here, so the fallbacks are read from the rebuilt smiles (the same
      // ones, from the same inputs), and the run reports the days it reports without them.
      if (this.levelsGiven) for (const f of rebuilt.fallbacks) this.smileFallbacks.add(f);
      return rebuilt;
    }
    const smile = buildSpxSmile(inputs);
    for (const f of smile.fallbacks) this.smileFallbacks.add(f);
    this.smileLevels[i] = smile.level30;
    return smile;
  }

  /** The 30-day smile level of every day solved so far (NaN for the others), for a later run to reuse. */
  solvedSmileLevels(): Float64Array {
    return Float64Array.from(this.smileLevels);
  }

  /** Every distinct fallback the smile used over the run (reported, never silent). */
  fallbacksUsed(): string[] {
    return [...this.smileFallbacks].sort();
  }

  /**
   * A question (day, kind: 0/1 SPX/VIX mid, 2/3 SPX/VIX strike for a delta, 4/5 SPX/VIX delta; call or put,
   * strike or delta, expiration, early stop, step) as a memo bucket
   * (`slot`: the day and the small fields) and a small-integer key within it (days to expiry, 10 bits, and
   * the strike in cents or the delta in 1/10,000ths, 20 bits: a V8 small integer, hashed without boxing);
   * -1 when it does not fit (the answer is then computed, not kept).
   */
  private key(
    i: number,
    kind: 0 | 1 | 2 | 3 | 4 | 5,
    isCall: boolean,
    x: number,
    expiry: DayNumber,
    early: number,
    step: number,
  ): number {
    const days = expiry - this.panel.days[i];
    const scale = kind === 2 || kind === 3 ? 10_000 : 100;
    const q = Math.round(x * scale);
    const stepCode = step === 0 ? 0 : step === 1 ? 1 : step === 5 ? 2 : step === 0.5 ? 3 : -1;
    if (
      !(days >= 0 && days < 1_024) ||
      !(q >= 0 && q < 1_048_576) ||
      Math.abs(q / scale - x) > 1e-9 ||
      (early !== 0 && early !== 0.75) ||
      stepCode < 0
    )
      return -1;
    this.slot = i * 128 + kind + (isCall ? 8 : 0) + (early === 0 ? 0 : 16) + stepCode * 32;
    return days * 1_048_576 + q;
  }

  /** The kept answer of the question `key` just named, or undefined. */
  private recall(k: number): number | undefined {
    if (k < 0) return undefined;
    const bucket = this.memo![this.slot];
    return bucket === undefined ? undefined : bucket.get(k);
  }

  private keep(k: number, value: number): number {
    if (k < 0 || this.memoSize >= MEMO_LIMIT) return value;
    const memo = this.memo!;
    let bucket = memo[this.slot];
    if (bucket === undefined) memo[this.slot] = bucket = new Map();
    bucket.set(k, value);
    this.memoSize++;
    return value;
  }

  spxMid(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    if (this.memo === null) return this.spxMidOf(i, isCall, strike, expiry, daysEarly);
    const k = this.key(i, 0, isCall, strike, expiry, daysEarly, 0);
    const kept = this.recall(k);
    return kept !== undefined ? kept : this.keep(k, this.spxMidOf(i, isCall, strike, expiry, daysEarly));
  }

  /** An option series as a memo key (40 bits, exact in a double), or -1 when it does not fit one. */
  private seriesKey(
    vix: boolean,
    isCall: boolean,
    strike: number,
    expiry: DayNumber,
    daysEarly: number,
  ): number {
    const q = Math.round(strike * 100);
    if (
      !(q >= 0 && q < 1_048_576) ||
      Math.abs(q / 100 - strike) > 1e-9 ||
      (daysEarly !== 0 && daysEarly !== 0.75) ||
      !(expiry >= 0 && expiry < 131_072 && Number.isInteger(expiry))
    )
      return -1;
    // expiry (17 bits), strike in cents (20), early stop, call, VIX.
    return (
      (((expiry * 1_048_576 + q) * 2 + (daysEarly === 0 ? 0 : 1)) * 2 + (isCall ? 1 : 0)) * 2 + (vix ? 1 : 0)
    );
  }

  /**
   * The memo of a held leg's series, first marked on day i, created on first use; null when the market keeps
   * no memo, the series does not fit a key, or the memo is full (the mid is then computed each time). Only
   * held legs get one: the strikes a rule prices and never trades stay in the per-day memo.
   */
  seriesOf(
    vix: boolean,
    isCall: boolean,
    strike: number,
    expiry: DayNumber,
    daysEarly: number,
    i: number,
  ): SeriesMids | null {
    if (this.series === null) return null;
    const key = this.seriesKey(vix, isCall, strike, expiry, daysEarly);
    if (key < 0) return null;
    const kept = this.series.get(key);
    if (kept !== undefined) return kept;
    // The series lives until its expiration day (a late settlement is priced, not kept): the last day index
    // on or before it.
    const days = this.panel.days;
    let lo = i;
    let hi = this.panel.n - 1;
    if (days[hi] <= expiry) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid] <= expiry) lo = mid;
      else hi = mid - 1;
    }
    const len = lo - i + 1;
    if (this.seriesCells + len > SERIES_CELL_LIMIT) return null;
    this.seriesCells += len;
    const s = new SeriesMids(
      this,
      vix,
      isCall,
      strike,
      expiry,
      daysEarly,
      lo,
      i,
      new Float64Array(len).fill(UNSET),
    );
    this.series.set(key, s);
    return s;
  }

  /** The model mid of a kept series on day i (computed once per series and day). */
  seriesMid(s: SeriesMids, i: number): number {
    let k = i - s.from;
    if (k < 0 || i > s.last) {
      if (i > s.last || this.seriesCells - k > SERIES_CELL_LIMIT) return this.seriesMidOf(s, i);
      // Asked for before its first day: the series grows back to day i.
      const grown = new Float64Array(s.last - i + 1).fill(UNSET);
      grown.set(s.values, -k);
      this.seriesCells -= k;
      s.values = grown;
      s.from = i;
      k = 0;
    }
    const v = s.values[k];
    if (v !== UNSET) return v;
    return (s.values[k] = this.seriesMidOf(s, i));
  }

  private seriesMidOf(s: SeriesMids, i: number): number {
    return s.vix
      ? this.vixMidOf(i, s.isCall, s.strike, s.expiry, s.daysEarly)
      : this.spxMidOf(i, s.isCall, s.strike, s.expiry, s.daysEarly);
  }

  private spxMidOf(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    const smile = this.smile(i);
    if (smile === null) return NaN;
    return smile.price(isCall, strike, yearsToExpiry(this.panel.days[i], expiry, daysEarly));
  }

  spxDelta(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    if (this.memo === null) return this.spxDeltaOf(i, isCall, strike, expiry, daysEarly);
    const k = this.key(i, 4, isCall, strike, expiry, daysEarly, 0);
    const kept = this.recall(k);
    return kept !== undefined ? kept : this.keep(k, this.spxDeltaOf(i, isCall, strike, expiry, daysEarly));
  }

  private spxDeltaOf(
    i: number,
    isCall: boolean,
    strike: number,
    expiry: DayNumber,
    daysEarly: number,
  ): number {
    const smile = this.smile(i);
    if (smile === null) return NaN;
    return smile.delta(isCall, strike, yearsToExpiry(this.panel.days[i], expiry, daysEarly));
  }

  spxStrikeForDelta(
    i: number,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    daysEarly: number,
    step: number,
  ): number {
    if (this.memo === null) return this.spxStrikeForDeltaOf(i, isCall, delta, expiry, daysEarly, step);
    const k = this.key(i, 2, isCall, delta, expiry, daysEarly, step);
    const kept = this.recall(k);
    return kept !== undefined
      ? kept
      : this.keep(k, this.spxStrikeForDeltaOf(i, isCall, delta, expiry, daysEarly, step));
  }

  private spxStrikeForDeltaOf(
    i: number,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    daysEarly: number,
    step: number,
  ): number {
    const smile = this.smile(i);
    if (smile === null) return NaN;
    return smile.strikeForDelta(isCall, delta, yearsToExpiry(this.panel.days[i], expiry, daysEarly), step);
  }

  /** VIX future settlement for an expiry on day i: the listed contract, else interpolated on the curve. */
  vixFuture(i: number, expiry: DayNumber): number {
    const f = this.panel.futures;
    const from = f.start[i];
    const to = f.start[i + 1];
    if (to - from === 0) return NaN;
    return vixFutureForExpiry(
      f.expiry,
      f.settle,
      from,
      to,
      this.panel.days[i],
      expiry,
      this.panel.series.vixClose[i],
    );
  }

  private vvix(i: number): number {
    const v = this.panel.series.vvixClose[i];
    return Number.isFinite(v) ? v : NaN;
  }

  /** Why VIX options cannot be priced on day i, or null. */
  vixUnpriceableReason(i: number): string | null {
    if (this.panel.futures.start[i + 1] - this.panel.futures.start[i] < 1) return 'no VIX futures curve';
    if (!Number.isFinite(this.vvix(i))) return 'no VVIX';
    return null;
  }

  vixMid(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    if (this.memo === null) return this.vixMidOf(i, isCall, strike, expiry, daysEarly);
    const k = this.key(i, 1, isCall, strike, expiry, daysEarly, 0);
    const kept = this.recall(k);
    return kept !== undefined ? kept : this.keep(k, this.vixMidOf(i, isCall, strike, expiry, daysEarly));
  }

  private vixMidOf(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    const fut = this.vixFuture(i, expiry);
    const t = yearsToExpiry(this.panel.days[i], expiry, daysEarly);
    return priceVixOption(isCall, fut, strike, t, this.rate(i), this.vvix(i));
  }

  vixDelta(i: number, isCall: boolean, strike: number, expiry: DayNumber, daysEarly: number): number {
    if (this.memo === null) return this.vixDeltaOf(i, isCall, strike, expiry, daysEarly);
    const k = this.key(i, 5, isCall, strike, expiry, daysEarly, 0);
    const kept = this.recall(k);
    return kept !== undefined ? kept : this.keep(k, this.vixDeltaOf(i, isCall, strike, expiry, daysEarly));
  }

  private vixDeltaOf(
    i: number,
    isCall: boolean,
    strike: number,
    expiry: DayNumber,
    daysEarly: number,
  ): number {
    const fut = this.vixFuture(i, expiry);
    const t = yearsToExpiry(this.panel.days[i], expiry, daysEarly);
    return vixOptionDelta(isCall, fut, strike, t, this.rate(i), this.vvix(i));
  }

  vixStrikeForDelta(
    i: number,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    daysEarly: number,
    step: number,
  ): number {
    if (this.memo === null) return this.vixStrikeForDeltaOf(i, isCall, delta, expiry, daysEarly, step);
    const k = this.key(i, 3, isCall, delta, expiry, daysEarly, step);
    const kept = this.recall(k);
    return kept !== undefined
      ? kept
      : this.keep(k, this.vixStrikeForDeltaOf(i, isCall, delta, expiry, daysEarly, step));
  }

  private vixStrikeForDeltaOf(
    i: number,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    daysEarly: number,
    step: number,
  ): number {
    const fut = this.vixFuture(i, expiry);
    const t = yearsToExpiry(this.panel.days[i], expiry, daysEarly);
    return vixStrikeForDelta(isCall, delta, fut, t, this.rate(i), this.vvix(i), step);
  }

  spxMonthlyExpirations(fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
    if (toDay < fromDay || !this.covers(fromDay, toDay)) return spxMonthlyExpirationsBetween(fromDay, toDay);
    return between(this.monthlyList(), fromDay, toDay);
  }

  /** The latest standard monthly expiration on or before `day` (-Infinity when none is known). */
  spxMonthlyOnOrBefore(day: DayNumber): DayNumber {
    if (!this.covers(day, day)) {
      const list = spxMonthlyExpirationsBetween(day - 40, day);
      return list.length > 0 ? list[list.length - 1] : -Infinity;
    }
    const list = this.monthlyList();
    const k = lowerBound(list, day + 1);
    return k > 0 ? list[k - 1] : -Infinity;
  }

  /** The first standard monthly expiration after `day` (NaN when none is known). */
  spxMonthlyAfter(day: DayNumber): DayNumber {
    if (!this.covers(day + 1, day + 1)) {
      const list = spxMonthlyExpirationsBetween(day + 1, day + 40);
      return list.length > 0 ? list[0] : NaN;
    }
    const list = this.monthlyList();
    const k = lowerBound(list, day + 1);
    return k < list.length ? list[k] : NaN;
  }

  /** SPXW expirations in [fromDay, toDay] on the given weekdays (Monday = 1 ... Friday = 5), as listed then. */
  spxWeeklyExpirations(fromDay: DayNumber, toDay: DayNumber, weekdays: readonly number[]): DayNumber[] {
    if (toDay < fromDay || !this.covers(fromDay - 8, toDay + 8))
      return spxWeeklyExpirationsBetween(fromDay, toDay, weekdays);
    let mask = 0;
    for (const wd of weekdays) {
      if (!(Number.isInteger(wd) && wd >= 0 && wd <= 6))
        return spxWeeklyExpirationsBetween(fromDay, toDay, weekdays);
      mask |= 1 << wd;
    }
    let list = this.weeklyLists.get(mask);
    if (list === undefined) {
      list = weeklyList(this.panel.days[0], this.expiriesTo, weekdays);
      this.weeklyLists.set(mask, list);
    }
    // spxWeeklyExpirationsBetween scans the weekdays [fromDay, toDay + 4]: an expiration counts when one
    // of them moved to it (its earliest source day is at most toDay + 4).
    const out: DayNumber[] = [];
    for (let k = lowerBound(list.expiry, fromDay); k < list.expiry.length && list.expiry[k] <= toDay; k++)
      if (list.source[k] <= toDay + 4) out.push(list.expiry[k]);
    return out;
  }

  /** VIX expirations strictly after day i, within a year. */
  vixExpirationsAfter(i: number): DayNumber[] {
    const d = this.panel.days[i];
    if (!this.covers(d + 1, d + 400)) return vixExpirationsBetween(d + 1, d + 400);
    return between(this.vixList(), d + 1, d + 400);
  }

  isVixExpirationDay(i: number): boolean {
    const d = this.panel.days[i];
    if (!this.covers(d, d)) {
      const list = vixExpirationsBetween(d, d);
      return list.length === 1 && list[0] === d;
    }
    const list = this.vixList();
    const k = lowerBound(list, d);
    return k < list.length && list[k] === d;
  }
}

/** First index of an ascending list whose value is at least `day`. */
function lowerBound(list: Int32Array, day: DayNumber): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The values of an ascending list in [fromDay, toDay]. */
function between(list: Int32Array, fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
  const out: DayNumber[] = [];
  for (let k = lowerBound(list, fromDay); k < list.length && list[k] <= toDay; k++) out.push(list[k]);
  return out;
}

/**
 * Every SPXW expiration from `fromDay` on (its source days up to `toDay` + 4) on the weekdays, ascending,
 * with the earliest weekday that expires on it (a holiday moves an expiration to the trading day before).
 */
function weeklyList(
  fromDay: DayNumber,
  toDay: DayNumber,
  weekdays: readonly number[],
): { expiry: Int32Array; source: Int32Array } {
  const earliest = new Map<number, number>();
  spxWeeklySources(fromDay, toDay + 4, weekdays, (d, e) => {
    if (e >= fromDay && !earliest.has(e)) earliest.set(e, d);
  });
  const expiry = Int32Array.from(earliest.keys()).sort();
  return { expiry, source: expiry.map((e) => earliest.get(e)!) };
}
