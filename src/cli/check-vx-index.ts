// `alvh check vix-futures-index`: the engine's constant-maturity VIX futures position against SPVXSP (the
// S&P 500 VIX Short-Term Futures index ER in the Bloomberg file of cboe-indices/): parse, call, print.
import { join } from 'node:path';
import type { Command } from 'commander';
import { compareWithShortTermIndex } from '../analytics/vx-index-check.js';
import { dayToIso } from '../core/dates.js';
import { DEFAULT_VIX_FUTURE_COMMISSION } from '../engine/run-book.js';
import { loadDatedColumns } from '../market/loaders/dated-columns.js';
import { loadPanel } from '../market/load-panel.js';
import { shouldUseColor } from '../report/table.js';
import { pct } from '../report/terminal.js';
import { defaultDataDir } from './data.js';
import { dateOption } from './option-values.js';
import { simpleTable } from './simple-table.js';

const INDEX_FILE = join('cboe-indices', 'vol_indices_bbg_2005_2023_wide.csv');

interface Options {
  data?: string;
  manifest?: string;
  index?: string;
  from?: string;
  to?: string;
  json: boolean;
  color: boolean;
}

function run(opts: Options): void {
  const dataDir = defaultDataDir(opts.data);
  const file = opts.index ?? join(dataDir, INDEX_FILE);
  const cols = loadDatedColumns(file, opts.index ?? INDEX_FILE, {
    columns: { spvxsp: ['SPVXSP'] },
    missing: [''],
    positive: true,
  });
  const panel = loadPanel({ dataDir, manifestPath: opts.manifest });
  // Costs as a strategy file's defaults: half the 0.025 half-spread per fill and the VX commission.
  const c = compareWithShortTermIndex(
    panel,
    { dates: cols.days.map(dayToIso), values: cols.columns.spvxsp },
    {
      spxCommission: 0,
      vixCommission: 0,
      vixFutureCommission: DEFAULT_VIX_FUTURE_COMMISSION,
      spreadPaid: 0.5,
    },
    { from: opts.from, to: opts.to },
  );
  const figures = {
    from: c.from,
    to: c.to,
    days: c.days,
    correlation: c.correlation,
    tracking_error: c.trackingError,
    growth_position: c.growthPosition,
    growth_index: c.growthIndex,
    growth_position_with_costs: c.growthPositionWithCosts,
  };
  if (opts.json) {
    const daily = { dates: c.returnDates, position: Array.from(c.position), index: Array.from(c.index) };
    process.stdout.write(JSON.stringify({ ...figures, data: panel.fingerprint, daily }, null, 2) + '\n');
    return;
  }
  const table = simpleTable(
    ['', 'engine 30-day VX position', 'SPVXSP'],
    [
      ['days compared', String(c.days), `${c.from} .. ${c.to}`],
      ['growth a year (no costs)', pct(c.growthPosition, 2), pct(c.growthIndex, 2)],
      ['growth a year (half-spread and commission)', pct(c.growthPositionWithCosts, 2), ''],
      ['correlation of daily returns', c.correlation.toFixed(4), ''],
      ['tracking error a year', pct(c.trackingError, 2), ''],
    ],
    shouldUseColor(process.stdout) && opts.color,
    ['left', 'right', 'right'],
  );
  process.stdout.write(
    `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}); index ${opts.index ?? INDEX_FILE}, column SPVXSP\n` +
      `a long constant-maturity 30-day VIX futures position, rolled daily front to second month by S&P's weights\n\n` +
      table +
      '\n',
  );
}

export function registerVixIndexCheck(check: Command): void {
  check
    .command('vix-futures-index')
    .description(
      "run the engine's constant-maturity 30-day VIX futures position and compare its daily returns with SPVXSP",
    )
    .option('-d, --data <dir>', 'real data folder (default: ../shared/data)')
    .option('--manifest <file>', 'dataset manifest (default: <dir>/alvh-manifest.json or the reference one)')
    .option('--index <file>', `a file with Date and SPVXSP columns (default: <dir>/${INDEX_FILE})`)
    .option('--from <date>', 'first day (YYYY-MM-DD; default: the index start)', dateOption('--from'))
    .option('--to <date>', 'last day (YYYY-MM-DD; default: the index end)', dateOption('--to'))
    .option('--json', 'print the figures and the daily returns as JSON', false)
    .option('--no-color', 'plain tables without colour')
    .action((opts: Options) => run(opts));
}
