// Writes a panel (normally a synthetic one) as data files in the formats the loaders read, with an
// alvh-manifest.json, so every path through alvh (data check, backtest, signal) works on it.
import { writeFileSync } from 'node:fs';
import { makeDir } from '../core/make-dir.js';
import { join, resolve } from 'node:path';
import { dayToIso } from '../core/dates.js';
import type { Manifest } from '../market/manifest.js';
import type { Panel } from '../market/panel.js';
import { syntheticFomcSchedule } from './simulate.js';

const MAX_WIDE_CONTRACTS = 8;

function us(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

function fmt(x: number, decimals: number): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : '';
}

/** Continuously compounded rate -> 3-month T-bill discount-basis percent (the inverse of the loader's conversion). */
export function continuousToDtb3(rate: number): number {
  return (((1 - Math.exp((-rate * 91) / 365)) * 360) / 91) * 100;
}

export function writePanelFiles(panel: Panel, dir: string): string[] {
  const out = resolve(dir);
  makeDir(out);
  const s = panel.series;
  const written: string[] = [];
  const write = (name: string, lines: string[]): void => {
    writeFileSync(join(out, name), lines.join('\n') + '\n');
    written.push(join(out, name));
  };
  const rows = (fn: (i: number) => string | null): string[] => {
    const r: string[] = [];
    for (let i = 0; i < panel.n; i++) {
      const line = fn(i);
      if (line !== null) r.push(line);
    }
    return r;
  };
  write('spx.csv', [
    'date,open,high,low,close',
    ...rows(
      (i) =>
        `${panel.dates[i]},${fmt(s.spxOpen[i], 4)},${fmt(s.spxHigh[i], 4)},${fmt(s.spxLow[i], 4)},${fmt(s.spxClose[i], 4)}`,
    ),
  ]);
  write('VIX_History.csv', [
    'DATE,OPEN,HIGH,LOW,CLOSE',
    ...rows(
      (i) =>
        `${us(panel.dates[i])},${fmt(s.vixOpen[i], 4)},${fmt(s.vixHigh[i], 4)},${fmt(s.vixLow[i], 4)},${fmt(s.vixClose[i], 4)}`,
    ),
  ]);
  const closeOnly = (name: string, a: Float64Array): void =>
    write(name, [
      'DATE,OPEN,HIGH,LOW,CLOSE',
      ...rows((i) =>
        Number.isFinite(a[i])
          ? `${us(panel.dates[i])},${fmt(a[i], 4)},${fmt(a[i], 4)},${fmt(a[i], 4)},${fmt(a[i], 4)}`
          : null,
      ),
    ]);
  closeOnly('VIX9D_History.csv', s.vix9dClose);
  closeOnly('VIX3M_History.csv', s.vix3mClose);
  closeOnly('VIX6M_History.csv', s.vix6mClose);
  write('VVIX_History.csv', [
    'DATE,VVIX',
    ...rows((i) =>
      Number.isFinite(s.vvixClose[i]) ? `${us(panel.dates[i])},${fmt(s.vvixClose[i], 4)}` : null,
    ),
  ]);
  write('SKEW_History.csv', [
    'DATE,SKEW',
    ...rows((i) =>
      Number.isFinite(s.skewClose[i]) ? `${us(panel.dates[i])},${fmt(s.skewClose[i], 4)}` : null,
    ),
  ]);
  // Wide futures: the n-th column is the n-th contract expiring after that day (the expiring one has left M1).
  const f = panel.futures;
  const header = ['Date', ...Array.from({ length: MAX_WIDE_CONTRACTS }, (_, k) => `M${k + 1}`)].join(',');
  write('vx_wide.csv', [
    header,
    ...rows((i) => {
      const cells: string[] = [];
      for (let k = f.start[i]; k < f.start[i + 1] && cells.length < MAX_WIDE_CONTRACTS; k++)
        if (f.expiry[k] > panel.days[i]) cells.push(fmt(f.settle[k], 4));
      while (cells.length < MAX_WIDE_CONTRACTS) cells.push('');
      return `${panel.dates[i]},${cells.join(',')}`;
    }),
  ]);
  write('DTB3.csv', [
    'DATE,DTB3',
    ...rows((i) =>
      Number.isFinite(s.rateAnnual[i])
        ? `${panel.dates[i]},${fmt(continuousToDtb3(s.rateAnnual[i]), 6)}`
        : null,
    ),
  ]);
  write('dividend_yield.csv', [
    'DATE,value',
    ...rows((i) =>
      Number.isFinite(s.dividendYieldAnnual[i])
        ? `${panel.dates[i]},${fmt(Math.expm1(s.dividendYieldAnnual[i]) * 100, 6)}`
        : null,
    ),
  ]);
  // A synthetic market also lists the published schedule past its last day, as the real file does, so
  // that the countdown to the next decision is defined on every day after loading too.
  const lastDay = panel.days[panel.n - 1];
  const ahead =
    panel.source === 'synthetic'
      ? syntheticFomcSchedule(panel.days[0], lastDay).filter((d) => d > lastDay)
      : [];
  write('fomc.csv', [
    'decision_date,start_date,scheduled,note',
    ...rows((i) =>
      panel.fomc.isDecisionDay[i] ? `${panel.dates[i]},${dayToIso(panel.days[i] - 1)},True,synthetic` : null,
    ),
    ...ahead.map((d) => `${dayToIso(d)},${dayToIso(d - 1)},True,synthetic`),
  ]);
  const breadth = (name: string, a: Float64Array): void =>
    write(name, [
      'time,open,high,low,close',
      ...rows((i) => (Number.isFinite(a[i]) ? `${panel.dates[i]},${a[i]},${a[i]},${a[i]},${a[i]}` : null)),
    ]);
  breadth('nyse_ADV.csv', s.advances);
  breadth('nyse_DECL.csv', s.declines);
  const manifest: Manifest = {
    version: 1,
    description: panel.description,
    synthetic: true,
    sources: [
      { target: 'spx', file: 'spx.csv', format: 'ohlc' },
      { target: 'vix', file: 'VIX_History.csv', format: 'cboe-ohlc' },
      { target: 'vix9d', file: 'VIX9D_History.csv', format: 'cboe-ohlc' },
      { target: 'vix3m', file: 'VIX3M_History.csv', format: 'cboe-ohlc' },
      { target: 'vix6m', file: 'VIX6M_History.csv', format: 'cboe-ohlc' },
      { target: 'vvix', file: 'VVIX_History.csv', format: 'cboe-value', column: 'VVIX' },
      { target: 'skew', file: 'SKEW_History.csv', format: 'cboe-value', column: 'SKEW' },
      { target: 'vix-futures', file: 'vx_wide.csv', format: 'vx-wide' },
      { target: 'rate', file: 'DTB3.csv', format: 'fred-dtb3', column: 'DTB3' },
      { target: 'dividend-yield', file: 'dividend_yield.csv', format: 'fred-percent', column: 'value' },
      { target: 'fomc', file: 'fomc.csv', format: 'fomc-dates' },
      { target: 'advances', file: 'nyse_ADV.csv', format: 'tradingview' },
      { target: 'declines', file: 'nyse_DECL.csv', format: 'tradingview' },
    ],
  };
  writeFileSync(join(out, 'alvh-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  written.push(join(out, 'alvh-manifest.json'));
  return written;
}
