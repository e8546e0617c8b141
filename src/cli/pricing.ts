// `alvh pricing check`: model against market implied vol and price on the real SPX and VIX chains, by delta
// bucket and tenor, per date; `--fit` refits the smile's shape parameters on the full SPX chains.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadMarket } from '../api/market.js';
import { dayToIso } from '../core/dates.js';
import { loadOptionChain, type OptionChain } from '../market/option-chain.js';
import type { Panel } from '../market/panel.js';
import {
  DELTA_BUCKETS,
  fitSmileShape,
  fitSpreadParams,
  median,
  spxFidelity,
  targetError,
  TENOR_BUCKETS,
  vixFidelity,
  vixForwards,
  type FidelityPoint,
} from '../pricing/fidelity.js';
import { defaultSmileParams, type SpxMarketInputs } from '../pricing/spx-smile.js';
import { defaultSpreadParams } from '../pricing/spreads.js';
import { vixFutureForExpiry } from '../pricing/vix-futures-curve.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import { shouldUseColor } from '../report/table.js';
import { defaultDataDir } from './data.js';
import { simpleTable } from './simple-table.js';

const TARGET_VOL_POINTS = 1.5;

function chainFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...chainFiles(p));
    else if (name.endsWith('.csv')) out.push(p);
  }
  return out;
}

function inputsOn(panel: Panel, date: string): SpxMarketInputs | null {
  const i = panel.dates.indexOf(date);
  return i < 0 ? null : smileInputsAt(panel, i);
}

function bucketRows(points: FidelityPoint[]): string[][] {
  const rows: string[][] = [];
  for (const [tenor, lo, hi] of TENOR_BUCKETS) {
    for (const [delta] of DELTA_BUCKETS) {
      const sel = points.filter((p) => p.deltaBucket === delta && p.tenorDays >= lo && p.tenorDays < hi);
      if (sel.length === 0) continue;
      const err = sel.map((p) => (p.modelVol - p.marketVol) * 100);
      const abs = err.map(Math.abs);
      rows.push([
        tenor,
        String(delta),
        String(sel.length),
        median(err).toFixed(2),
        median(abs).toFixed(2),
        Math.max(...abs).toFixed(2),
        median(sel.map((p) => p.modelPrice - p.mid)).toFixed(3),
        `${median(sel.map((p) => p.marketHalfSpread)).toFixed(3)} / ${median(sel.map((p) => p.modelHalfSpread)).toFixed(3)}`,
      ]);
    }
  }
  return rows;
}

const HEADERS = [
  'days',
  'delta',
  'quotes',
  'median vol err',
  'median |vol err|',
  'worst |vol err|',
  'median price err',
  'half-spread mkt / model',
];
const ALIGN = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as const;

export function register(program: Command): void {
  const pricing = program
    .command('pricing')
    .description('measure the option models against real option chains');
  pricing
    .command('check')
    .description(
      'model vs market implied vol and price by delta bucket and tenor, per chain date (vol errors in vol points)',
    )
    .option(
      '-d, --data <dir>',
      'data folder with options/ and the index history (default: ../shared/data when present)',
    )
    .option(
      '--fit',
      'also refit the smile shape on the full SPX chains and print the fitted parameters',
      false,
    )
    .action((opts: { data?: string; fit: boolean }) => {
      const dataDir = defaultDataDir(opts.data);
      const panel = loadMarket({ data: dataDir });
      const color = shouldUseColor(process.stdout);
      const all: FidelityPoint[] = [];
      const fitDays: { chain: OptionChain; inputs: SpxMarketInputs }[] = [];
      for (const file of chainFiles(join(dataDir, 'options'))) {
        const chain = loadOptionChain(file);
        const inputs = inputsOn(panel, chain.quoteDate);
        if (inputs === null) {
          process.stdout.write(`${chain.file}: ${chain.quoteDate} is not in the index history; skipped\n`);
          continue;
        }
        const isVix = chain.quotes.some((q) => q.root.startsWith('VIX'));
        let points: FidelityPoint[];
        let forwardsNote = '';
        if (isVix) {
          const i = panel.dates.indexOf(chain.quoteDate);
          const f = panel.futures;
          const futureFor = (e: number): number =>
            vixFutureForExpiry(
              f.expiry,
              f.settle,
              f.start[i],
              f.start[i + 1],
              panel.days[i],
              e,
              panel.series.vixClose[i],
            );
          points = vixFidelity(chain, futureFor, panel.series.vvixClose[i], inputs.rateAnnual);
          forwardsNote = vixForwards(chain, futureFor, inputs.rateAnnual)
            .map(
              (fw) =>
                `  ${dayToIso(fw.expiry)}: VX settlement ${fw.future.toFixed(2)}, quotes' parity forward ${Number.isFinite(fw.parity) ? fw.parity.toFixed(2) : 'n/a (no call and put bid at one strike)'}\n`,
            )
            .join('');
        } else {
          points = spxFidelity(chain, inputs);
          if (!file.includes('partial')) fitDays.push({ chain, inputs });
        }
        all.push(...points);
        process.stdout.write(
          `\n${isVix ? 'VIX' : 'SPX'} ${chain.quoteDate} (${chain.file}): ${points.length} out-of-the-money quotes priced; VIX ${inputs.vix}, SKEW ${inputs.skew}${isVix ? `, VVIX ${panel.series.vvixClose[panel.dates.indexOf(chain.quoteDate)]}` : ''}\n` +
            forwardsNote,
        );
        if (points.length > 0)
          process.stdout.write(simpleTable(HEADERS, bucketRows(points), color, [...ALIGN]) + '\n');
      }
      const target = targetError(all);
      const pass = target.median <= TARGET_VOL_POINTS;
      process.stdout.write(
        `\ntarget: median |vol error| of 10-30 delta SPX options at 20-70 days = ${target.median.toFixed(2)} vol points over ${target.count} quotes (target <= ${TARGET_VOL_POINTS}): ${pass ? 'met' : 'NOT met'}\n`,
      );
      if (opts.fit) {
        const fit = fitSmileShape(fitDays, defaultSmileParams);
        const fitDates = new Set(fitDays.map((d) => d.chain.quoteDate));
        const refit = targetError(fitDays.flatMap((d) => spxFidelity(d.chain, d.inputs, fit.params)));
        process.stdout.write(
          `\nfitted smile shape (rms ${fit.rmsVolPoints.toFixed(2)} vol points on 10-40 delta, 14-120 days; target measure ${refit.median.toFixed(2)}):\n`,
        );
        for (const k of ['b', 'rho0', 'rhoPerSkew10', 'm', 's'] as const)
          process.stdout.write(`  ${k}: ${fit.params[k].toFixed(3)} (default ${defaultSmileParams[k]})\n`);
        const spreads = fitSpreadParams(
          all.filter((p) => p.product === 'VIX' || fitDates.has(p.date)),
          defaultSpreadParams,
        );
        process.stdout.write(
          `\nfitted bid/ask model (SPX: rms log error of bucket medians ${spreads.spxError.toFixed(3)}; VIX: median half-spread / sqrt(mid)):\n`,
        );
        for (const k of ['spxPerSqrtPrice', 'spxWingExtra', 'vixPerSqrtPrice'] as const)
          process.stdout.write(`  ${k}: ${spreads.params[k]} (default ${defaultSpreadParams[k]})\n`);
      }
    });
}
