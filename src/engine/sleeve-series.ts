// The daily series a book's run records at each close: equity, cash, the core book's and each layer's
// cash flow and mark-to-market P&L, and whether each layer held a position.
import { markedValue } from '../instruments/leg.js';
import type { Book } from './book.js';
import type { LayerSeries } from './result.js';

export class SleeveSeries {
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  readonly coreMtmPnl: Float64Array;
  readonly interest: Float64Array;
  readonly hedgeSpend: Float64Array;
  readonly coreCredit: Float64Array;
  readonly layers: Record<string, LayerSeries> = {};
  /** Each layer's marked value at the previous close. */
  private readonly lastValue: Float64Array;
  private coreLastValue = 0;
  /** Today's marked value and open positions per layer (scratch, reused each day). */
  private readonly value: Float64Array;
  private readonly open: Int32Array;
  private readonly coreIsLayer: boolean;
  private flowSlots: Int32Array | null = null;
  private slotsOf: Book | null = null;

  constructor(
    len: number,
    private readonly layerNames: readonly string[],
  ) {
    this.equity = new Float64Array(len);
    this.cash = new Float64Array(len);
    this.coreMtmPnl = new Float64Array(len);
    this.interest = new Float64Array(len);
    this.hedgeSpend = new Float64Array(len);
    this.coreCredit = new Float64Array(len);
    this.lastValue = new Float64Array(layerNames.length);
    this.value = new Float64Array(layerNames.length);
    this.open = new Int32Array(layerNames.length);
    this.coreIsLayer = layerNames.includes('core');
    for (const name of layerNames) {
      this.layers[name] = {
        cashFlow: new Float64Array(len),
        mtmPnl: new Float64Array(len),
        active: new Uint8Array(len),
      };
    }
  }

  /**
   * Records the close of day t of the run. One pass over the positions gives the equity and every sleeve's
   * value, each summed in position order from zero exactly as Book.equity and Book.sleeveValue sum them.
   */
  close(t: number, book: Book): void {
    const names = this.layerNames;
    const n = names.length;
    const value = this.value;
    const open = this.open;
    value.fill(0);
    open.fill(0);
    let equity = book.cash;
    let coreValue = 0;
    for (const p of book.positions) {
      const v = markedValue(p);
      equity += v;
      const sleeve = p.sleeve;
      if (sleeve === 'core') {
        coreValue += v;
        // A layer may be named 'core' (the names share one namespace in Book.sleeveValue).
        if (!this.coreIsLayer) continue;
      }
      for (let k = 0; k < n; k++)
        if (names[k] === sleeve) {
          value[k] += v;
          open[k]++;
          break;
        }
    }
    this.equity[t] = equity;
    this.cash[t] = book.cash;
    const none = !book.hasCashFlowToday();
    // The sleeves' cash-flow slots, asked once (the book keeps them for its life).
    let slots = this.flowSlots;
    if (slots === null || this.slotsOf !== book) {
      slots = this.flowSlots = Int32Array.from(['core', ...names], (name) => book.cashFlowSlot(name));
      this.slotsOf = book;
    }
    this.coreMtmPnl[t] = coreValue - this.coreLastValue + (none ? 0 : book.todayCashFlowAt(slots[0]));
    this.coreLastValue = coreValue;
    for (let k = 0; k < n; k++) {
      const series = this.layers[names[k]];
      const flow = none ? 0 : book.todayCashFlowAt(slots[k + 1]);
      series.cashFlow[t] = flow;
      series.mtmPnl[t] = value[k] - this.lastValue[k] + flow;
      this.lastValue[k] = value[k];
      series.active[t] = open[k] > 0 ? 1 : 0;
    }
  }
}
