// Batch indicators over Float64Array. A NaN input (a day the series has no value) yields NaN that day and
// leaves the indicator's state untouched, so a gap never poisons the rest of the series.

/** Exponential moving average, alpha = 2 / (period + 1), seeded with the SMA of the first `period` values. */
export function ema(values: Float64Array, period: number): Float64Array {
  return emaWithAlpha(values, period, 2 / (period + 1));
}

function emaWithAlpha(values: Float64Array, period: number, alpha: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let seen = 0;
  let sum = 0;
  let state = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (seen < period) {
      sum += v;
      seen++;
      if (seen === period) {
        state = sum / period;
        out[i] = state;
      }
      continue;
    }
    state += alpha * (v - state);
    out[i] = state;
  }
  return out;
}

/** Simple moving average of the last `period` valid values. */
export function sma(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const window = new Float64Array(period);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const slot = count % period;
    if (count >= period) sum -= window[slot];
    window[slot] = v;
    sum += v;
    count++;
    if (count >= period) out[i] = sum / period;
  }
  return out;
}

/** Wilder's RSI: average gain and loss seeded by the simple mean of the first `period` changes, then smoothed 1/period. */
export function rsiWilder(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let prev = NaN;
  let changes = 0;
  let gain = 0;
  let loss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (!Number.isFinite(prev)) {
      prev = v;
      continue;
    }
    const change = v - prev;
    prev = v;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (changes < period) {
      gain += up;
      loss += down;
      changes++;
      if (changes < period) continue;
      gain /= period;
      loss /= period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    out[i] = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

export interface Macd {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/** MACD = EMA(fast) - EMA(slow); signal = EMA(signalPeriod) of the MACD. */
export function macd(values: Float64Array, fast: number, slow: number, signalPeriod: number): Macd {
  const f = ema(values, fast);
  const s = ema(values, slow);
  const line = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) line[i] = f[i] - s[i];
  const signal = ema(line, signalPeriod);
  const histogram = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) histogram[i] = line[i] - signal[i];
  return { macd: line, signal, histogram };
}

function rollingExtreme(values: Float64Array, window: number, isMax: boolean): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  // Monotone deque of indices over the last `window` rows (rows, not valid values: a calendar window).
  const deque = new Int32Array(values.length);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < values.length; i++) {
    while (tail > head && deque[head] <= i - window) head++;
    const v = values[i];
    if (Number.isFinite(v)) {
      while (tail > head && (isMax ? values[deque[tail - 1]] <= v : values[deque[tail - 1]] >= v)) tail--;
      deque[tail++] = i;
    }
    if (i >= window - 1 && tail > head) out[i] = values[deque[head]];
  }
  return out;
}

/** Maximum over the last `window` rows (ignoring NaN), NaN until the window is full. */
export function rollingMax(values: Float64Array, window: number): Float64Array {
  return rollingExtreme(values, window, true);
}

export function rollingMin(values: Float64Array, window: number): Float64Array {
  return rollingExtreme(values, window, false);
}
