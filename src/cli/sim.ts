// `alvh sim` writes a synthetic history in the loaders' formats; `alvh sim check` prints the synthetic
// market's statistics beside the real history's, with the gaps.
import type { Command } from 'commander';
import { loadMarket } from '../api/market.js';
import { marketStats } from '../sim/stats.js';
import { checkRows } from '../sim/hedge-stats.js';
import { checkYears, simCheck, simParamsWith } from '../sim/sim-check.js';
import { loadStrategy } from '../strategy/load.js';
import { simulateMarket } from '../sim/simulate.js';
import { writePanelFiles } from '../sim/write-files.js';
import { shouldUseColor } from '../report/table.js';
import { progressBar } from '../report/progress.js';
import { defaultDataDir } from './data.js';
import { parsePositiveInt, parseSeed, readJsonFile } from './option-values.js';
import { simpleTable } from './simple-table.js';
import { ensureWritableDir } from './out-dir.js';

interface SimOptions {
  years: string;
  seed: string;
  out: string;
}

interface SimCheckOptions {
  data?: string;
  paths: string;
  years?: string;
  seed: string;
  params?: string;
}

function show(x: number): string {
  if (!Number.isFinite(x)) return '-';
  return Math.abs(x) >= 10 ? x.toFixed(2) : x.toFixed(4);
}

export function register(program: Command): void {
  const sim = program
    .command('sim')
    .description(
      'write a synthetic market history (SPX, VIX family, VIX futures, VVIX, SKEW, breadth, rates, FOMC) in the loaders\u2019 formats',
    )
    .option('--years <n>', 'years of history', '20')
    .option('--seed <n>', 'random seed', '42')
    .option('-o, --out <dir>', 'folder to write (with an alvh-manifest.json)', 'alvh-synthetic')
    .action((opts: SimOptions) => {
      const years = parsePositiveInt(opts.years, '--years', 200);
      const seed = parseSeed(opts.seed);
      ensureWritableDir(opts.out, '--out');
      const panel = simulateMarket({ years, seed });
      const files = writePanelFiles(panel, opts.out);
      process.stdout.write(
        `SYNTHETIC MARKET: ${panel.description} (fingerprint ${panel.fingerprint})\nwritten ${files.length} files to ${opts.out}; run e.g. 'alvh backtest --data ${opts.out}'\n`,
      );
    });
  sim
    .command('check')
    .description(
      'compare the synthetic market with the real history, statistic by statistic, and print the gaps',
    )
    .option('-d, --data <dir>', 'real data folder (default: ../shared/data when present)')
    .option('--paths <n>', 'synthetic paths to average over', '20')
    .option('--years <n>', 'years per synthetic path (default: as long as the real history)')
    .option('--seed <n>', 'seed of the first path (path k uses seed + k)', '1')
    .option(
      '--params <file>',
      'a JSON object of model parameters to replace (docs/simulation.md, "Calibrating")',
    )
    .action((given: SimCheckOptions) => {
      // `sim` has a --years and a --seed of its own, and Commander gives a parent's options the values written
      // after the subcommand too: `alvh sim check --years 5` set sim's --years and left the check's unset. The
      // check takes what was written on the command line under either.
      const opts = { ...given };
      if (sim.getOptionValueSource('years') === 'cli') opts.years = (sim.opts() as SimOptions).years;
      if (sim.getOptionValueSource('seed') === 'cli') opts.seed = (sim.opts() as SimOptions).seed;
      const params =
        opts.params === undefined ? undefined : simParamsWith(readJsonFile(opts.params, '--params'));
      const real = loadMarket({ data: defaultDataDir(opts.data) });
      const realStats = marketStats(real);
      const alvh = loadStrategy('alvh');
      const paths = parsePositiveInt(opts.paths, '--paths', 10_000);
      const years =
        opts.years === undefined ? checkYears(realStats.years) : parsePositiveInt(opts.years, '--years', 200);
      const seed = parseSeed(opts.seed);
      const bar = progressBar(paths, 'sim check');
      const bands = simCheck(real, checkRows(real, alvh), alvh, {
        seed,
        paths,
        years,
        params,
        onPath: (k) => bar.update(k),
      });
      bar.finish();
      const outside = bands.filter((b) => !b.inside).map((b) => b.name);
      const rows = bands.map((b) => [
        b.name,
        show(b.real),
        show(b.median),
        `${show(b.p5)} .. ${show(b.p95)}`,
        show(b.median - b.real),
        b.inside ? 'yes' : 'NO',
      ]);
      const color = shouldUseColor(process.stdout);
      process.stdout.write(
        `real: ${real.description}, ${real.dates[0]} .. ${real.dates[real.n - 1]} (${realStats.years.toFixed(1)} years)\n`,
      );
      process.stdout.write(
        `synthetic: ${paths} paths x ${years} years, seeds ${seed}..${seed + paths - 1}` +
          (opts.params === undefined ? '' : `, parameters from ${opts.params}`) +
          '\n\n',
      );
      process.stdout.write(
        simpleTable(
          [
            'statistic',
            'real',
            'synthetic median',
            'synthetic 5%..95%',
            'gap (median - real)',
            'real inside 5-95%',
          ],
          rows,
          color,
          ['left', 'right', 'right', 'right', 'right', 'left'],
        ) + '\n',
      );
      process.stdout.write(
        `\nreal value inside the synthetic 5-95% range: ${rows.length - outside.length} of ${rows.length} statistics` +
          (outside.length > 0 ? `; outside: ${outside.join('; ')}\n` : '\n'),
      );
    });
}
