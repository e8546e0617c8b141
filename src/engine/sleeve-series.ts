// The daily series a book's run records at each close: equity, cash, the core book's and each layer's
// cash flow and mark-to-market P&L, and whether each layer held a position.
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
    for (const name of layerNames) {
      this.layers[name] = {
        cashFlow: new Float64Array(len),
        mtmPnl: new Float64Array(len),
        active: new Uint8Array(len),
      };
    }
  }

  /** Records the close of day t of the run. */
  close(t: number, book: Book): void {
    this.equity[t] = book.equity();
    this.cash[t] = book.cash;
    const coreValue = book.sleeveValue('core');
    this.coreMtmPnl[t] = coreValue - this.coreLastValue + (book.todayCashFlow.get('core') ?? 0);
    this.coreLastValue = coreValue;
    for (let k = 0; k < this.layerNames.length; k++) {
      const name = this.layerNames[k];
      const series = this.layers[name];
      const value = book.sleeveValue(name);
      const flow = book.todayCashFlow.get(name) ?? 0;
      series.cashFlow[t] = flow;
      series.mtmPnl[t] = value - this.lastValue[k] + flow;
      this.lastValue[k] = value;
      series.active[t] = book.openCount(name) > 0 ? 1 : 0;
    }
  }
}
