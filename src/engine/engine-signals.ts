// The signal table a book's conditions read: the market's signals plus the engine's own state signals
// (condor_days_left, open_condors, <layer>_active), written at day i before the rules that day read them.
import { tradingDaysBetween } from '../market/calendar.js';
import type { SignalTable } from '../signals/signal-table.js';
import type { BookState } from '../strategy/book-state.js';
import { layerActiveSignal } from '../strategy/signal-names.js';
import type { DayNumber } from '../core/dates.js';

export class EngineSignals implements SignalTable {
  readonly n: number;
  readonly names: readonly string[];
  private readonly state = new Map<string, Float64Array>();
  private readonly condorDaysLeft: Float64Array | null;
  private readonly openCondors: Float64Array | null;
  private readonly layerActive: { sleeve: string; values: Float64Array }[] = [];

  constructor(
    private readonly base: SignalTable,
    stateNames: readonly string[],
    layerNames: readonly string[],
  ) {
    this.n = base.n;
    for (const name of stateNames) this.state.set(name, new Float64Array(base.n).fill(NaN));
    this.names = [...base.names, ...stateNames];
    this.condorDaysLeft = this.state.get('condor_days_left') ?? null;
    this.openCondors = this.state.get('open_condors') ?? null;
    for (const sleeve of layerNames) {
      const values = this.state.get(layerActiveSignal(sleeve));
      if (values) this.layerActive.push({ sleeve, values });
    }
  }

  has(name: string): boolean {
    return this.state.has(name) || this.base.has(name);
  }

  get(name: string): Float64Array {
    return this.state.get(name) ?? this.base.get(name);
  }

  /** Writes the state signals of day i from the book as it stands (a name the market provides is left alone). */
  update(i: number, day: DayNumber, book: BookState): void {
    if (this.condorDaysLeft) {
      const near = book.nearestCondor();
      this.condorDaysLeft[i] = near ? tradingDaysBetween(day, near.legs[0].expiry) : NaN;
    }
    if (this.openCondors) this.openCondors[i] = book.condorCount();
    for (const l of this.layerActive) l.values[i] = book.openCount(l.sleeve) > 0 ? 1 : 0;
  }
}
