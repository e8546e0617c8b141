// Deterministic CSV outputs of a backtest: daily equity of every book, the ledger's fills and the round trips. The first line of
// every file is its header, so any CSV reader gets named columns; what produced a file (strategy hashes, data
// fingerprint) is recorded in summary.json beside it.
import { roundTrips } from '../analytics/trades.js';
import type { BacktestRun } from '../engine/result.js';

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Fixed decimals keep files byte-identical across runs and platforms. */
function fixed(x: number, decimals: number): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : '';
}

// The writers build each line as one template string and the file as one joined array: a row array joined
// per line cost more than the numbers' formatting on the ~10,000-line ledgers of a real-data run.

export function equityCsv(run: BacktestRun): string {
  const main = run.books.find((b) => b.name === run.hedged) ?? run.books[0];
  const layerNames = Object.keys(main.layers);
  const header = [
    'date',
    'spx_close',
    ...run.books.map((b) => `${b.name}_equity`),
    ...layerNames.map((l) => `${main.name}_${l}_cum_pnl`),
  ];
  const lines = [header.join(',')];
  const equities = run.books.map((b) => b.equity);
  const layerPnl = layerNames.map((l) => main.layers[l].mtmPnl);
  const cum = layerNames.map(() => 0);
  for (let t = 0; t < main.dates.length; t++) {
    let line = `${main.dates[t]},${fixed(run.spxClose[t], 2)}`;
    for (const equity of equities) line += `,${fixed(equity[t], 2)}`;
    for (let k = 0; k < layerPnl.length; k++) {
      cum[k] += layerPnl[k][t];
      line += `,${fixed(cum[k], 2)}`;
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

export function ledgerCsv(run: BacktestRun): string {
  const lines = ['book,position,date,sleeve,instrument,quantity,price,model_price,cost,cash,reason'];
  for (const b of run.books) {
    for (const t of b.ledger) {
      lines.push(
        `${b.name},${t.position},${t.date},${t.sleeve},${t.instrument},${t.quantity},${fixed(t.price, 4)},${fixed(t.modelPrice, 4)},${fixed(t.cost, 2)},${fixed(t.cash, 2)},${quote(t.reason)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** One row per position round trip of every book (trades still open at the run's end: close_date empty). */
export function tradesCsv(run: BacktestRun): string {
  const lines = [
    'book,position,sleeve,open_date,close_date,legs,leg_count,kind,open_cash,exit,pnl,days_held',
  ];
  for (const b of run.books)
    for (const t of roundTrips(b))
      lines.push(
        `${b.name},${t.position},${t.sleeve},${t.openDate},${t.closeDate ?? ''},${quote(t.legs)},${t.legCount},${t.kind},${fixed(t.openCash, 2)},${quote(t.exit)},${fixed(t.pnl, 2)},${t.daysHeld}`,
      );
  return lines.join('\n') + '\n';
}
