// Deterministic CSV outputs of a backtest: daily equity of every book and the trade ledger, each opened by
// a comment line with the strategy hash and data fingerprint so a file always says what produced it.
import type { BacktestRun } from '../engine/result.js';

function provenanceLine(run: BacktestRun): string {
  const hashes = run.books.map((b) => `${b.name}=${b.strategyHash}`).join(' ');
  return `# alvh ${run.source} data=${run.dataFingerprint} strategies: ${hashes}`;
}

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Fixed decimals keep files byte-identical across runs and platforms. */
function fixed(x: number, decimals: number): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : '';
}

export function equityCsv(run: BacktestRun): string {
  const main = run.books.find((b) => b.name === run.hedged) ?? run.books[0];
  const layerNames = Object.keys(main.layers);
  const header = [
    'date',
    'spx_close',
    ...run.books.map((b) => `${b.name}_equity`),
    ...layerNames.map((l) => `${main.name}_${l}_cum_pnl`),
  ];
  const lines = [provenanceLine(run), header.join(',')];
  const cum = layerNames.map(() => 0);
  for (let t = 0; t < main.dates.length; t++) {
    const row = [main.dates[t], fixed(run.spxClose[t], 2), ...run.books.map((b) => fixed(b.equity[t], 2))];
    layerNames.forEach((l, k) => {
      cum[k] += main.layers[l].mtmPnl[t];
      row.push(fixed(cum[k], 2));
    });
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

export function ledgerCsv(run: BacktestRun): string {
  const lines = [
    provenanceLine(run),
    'book,date,sleeve,instrument,quantity,price,model_price,cost,cash,reason',
  ];
  for (const b of run.books) {
    for (const t of b.ledger) {
      lines.push(
        [
          b.name,
          t.date,
          t.sleeve,
          t.instrument,
          String(t.quantity),
          fixed(t.price, 4),
          fixed(t.modelPrice, 4),
          fixed(t.cost, 2),
          fixed(t.cash, 2),
          quote(t.reason),
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
