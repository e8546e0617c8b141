// `alvh pricing check`: the structures the engine trades and model against market implied vol by delta
// bucket and tenor, per chain date; `--fit` validates the smile fit leave-one-day-out and refits it.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { choiceOption } from './option-values.js';
import { loadMarket } from '../api/market.js';
import { dayToIso } from '../core/dates.js';
import { pct } from '../report/terminal.js';
import { loadOptionChain } from '../market/option-chain.js';
import type { Panel } from '../market/panel.js';
import {
  chainDay,
  judge,
  leaveOneDayOut,
  meetsTargets,
  FIT_TARGETS,
  PARTIAL_WINDOW,
  type ChainDay,
  type StructureSummary,
} from '../analytics/smile-validation.js';
import {
  measureStructures,
  structureSpecsFrom,
  type StructureMeasure,
  type WingSlope,
} from '../engine/chain-structures.js';
import { fitSmile, fitStart, fittedKeys } from '../pricing/smile-fit.js';
import { loadStrategy } from '../strategy/load.js';
import {
  DELTA_BUCKETS,
  fitSpreadParams,
  median,
  spxFidelity,
  targetError,
  TENOR_BUCKETS,
  vixFidelity,
  vixForwards,
  type FidelityPoint,
} from '../pricing/fidelity.js';
import { defaultSmileParams, type SmileParams } from '../pricing/spx-smile.js';
import { defaultSpreadParams } from '../pricing/spreads.js';
import { vixFutureForExpiry } from '../pricing/vix-futures-curve.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import { progressBar } from '../report/progress.js';
import { shouldUseColor } from '../report/table.js';
import { defaultDataDir } from './data.js';
import { simpleTable } from './simple-table.js';

const TARGET_VOL_POINTS = 1.5;
const SMILE_FORMS = ['svi', 'wing'] as const;

function chainFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...chainFiles(p));
    else if (name.endsWith('.csv')) out.push(p);
  }
  return out;
}

function inputsOn(panel: Panel, date: string): ReturnType<typeof smileInputsAt> | null {
  const i = panel.dates.indexOf(date);
  return i < 0 ? null : smileInputsAt(panel, i);
}

function structureRows(structures: readonly StructureMeasure[]): string[][] {
  return structures.map((s) => [
    s.day,
    s.structure,
    String(s.dte),
    s.real_mid.toFixed(3),
    s.model_mid.toFixed(3),
    pct(s.error, 1),
  ]);
}

function slopeRows(slopes: readonly WingSlope[]): string[][] {
  return slopes.map((s) => [
    s.day,
    String(s.dte),
    s.real_points.toFixed(2),
    s.model_points.toFixed(2),
    s.error_points.toFixed(2),
  ]);
}

function summaryLine(label: string, s: StructureSummary): string {
  return (
    `${label}: condor credit median |error| ${pct(s.condorMedian, 1)} (target <= ${pct(FIT_TARGETS.condorMedian, 0)}), ` +
    `worst ${pct(s.condorWorst, 1)} (<= ${pct(FIT_TARGETS.condorWorst, 0)}); 5-delta weekly call spread worst ${pct(s.callSpreadWorst, 1)} ` +
    `(<= ${pct(FIT_TARGETS.callSpread, 0)}); marks at 21 and 10 days worst ${pct(s.marksWorst, 1)} (<= ${pct(FIT_TARGETS.marks, 0)}); ` +
    `put-wing slope worst ${s.slopeWorstPoints.toFixed(2)} vol points (<= ${FIT_TARGETS.slopePoints}): ${meetsTargets(s) ? 'met' : 'NOT met'}\n`
  );
}

function paramsLine(p: SmileParams): string {
  return fittedKeys(p)
    .map((k) => `${k} ${String(p[k])}`)
    .join(', ');
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
      'the structures the engine trades (real mid against model) and model vs market implied vol by delta bucket and tenor, per chain date',
    )
    .option(
      '-d, --data <dir>',
      'data folder with options/ and the index history (default: ../shared/data when present)',
    )
    .option(
      '--fit',
      'also validate the smile fit leave-one-day-out on the full SPX chains (judged on the day left out and the partial chains), refit on all of them and refit the bid/ask model',
      false,
    )
    .option(
      '--form <form>',
      'with --fit: the smile form fitted, svi (shipped) or wing (docs/pricing.md)',
      choiceOption('--form', SMILE_FORMS),
      'svi',
    )
    .option('--json', 'print the structures, put-wing slopes and (with --fit) the validation as JSON', false)
    .action((opts: { data?: string; fit: boolean; form: SmileParams['form']; json: boolean }) => {
      const dataDir = defaultDataDir(opts.data);
      const panel = loadMarket({ data: dataDir });
      const color = shouldUseColor(process.stdout);
      const specs = structureSpecsFrom(loadStrategy('alvh').strategy, loadStrategy('cndr').strategy);
      const out = (text: string): void => {
        if (!opts.json) process.stdout.write(text);
      };
      const all: FidelityPoint[] = [];
      const full: ChainDay[] = [];
      const partial: ChainDay[] = [];
      const structures: StructureMeasure[] = [];
      const slopes: WingSlope[] = [];
      const notes: string[] = [];
      const files = chainFiles(join(dataDir, 'options'));
      // On stderr and only on a terminal: stdout (text or --json) stays byte-identical.
      // With --json nothing is printed while the chains load: the bar shows how far it got.
      const loading = opts.json ? progressBar(files.length, 'chains') : null;
      for (const [k, file] of files.entries()) {
        loading?.update(k, basename(file));
        const chain = loadOptionChain(file);
        const inputs = inputsOn(panel, chain.quoteDate);
        if (inputs === null) {
          notes.push(`${chain.file}: ${chain.quoteDate} is not in the index history; skipped`);
          out(`${chain.file}: ${chain.quoteDate} is not in the index history; skipped\n`);
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
          if (file.includes('partial'))
            partial.push(chainDay(panel, chain, defaultSmileParams, PARTIAL_WINDOW));
          else full.push(chainDay(panel, chain, defaultSmileParams));
        }
        // Partial SPX chains hold no condor (near-money strikes, or long-dated expirations only).
        if (isVix || !file.includes('partial')) {
          const r = measureStructures(panel, chain, specs);
          structures.push(...r.structures);
          slopes.push(...r.put_wing_slope);
          notes.push(...r.notes);
        }
        all.push(...points);
        out(
          `\n${isVix ? 'VIX' : 'SPX'} ${chain.quoteDate} (${chain.file}): ${points.length} out-of-the-money quotes priced; VIX ${inputs.vix}, SKEW ${inputs.skew}${isVix ? `, VVIX ${panel.series.vvixClose[panel.dates.indexOf(chain.quoteDate)]}` : ''}\n` +
            forwardsNote,
        );
        if (points.length > 0) out(simpleTable(HEADERS, bucketRows(points), color, [...ALIGN]) + '\n');
      }
      loading?.finish('done');
      const target = targetError(all);
      const pass = target.median <= TARGET_VOL_POINTS;
      out(
        `\ntarget: median |vol error| of 10-30 delta SPX options at 20-70 days = ${target.median.toFixed(2)} vol points over ${target.count} quotes (target <= ${TARGET_VOL_POINTS}): ${pass ? 'met' : 'NOT met'}\n`,
      );
      out(
        `\nStructures the engine trades, built by its own rules on each chain day (spot matched to the quotes' forward; error = model / real - 1)\n` +
          simpleTable(
            ['day', 'structure', 'dte', 'real mid', 'model mid', 'error'],
            structureRows(structures),
            color,
            ['left', 'left', 'right', 'right', 'right', 'right'],
          ) +
          `\n\nPut-wing implied-vol slope (long put less short put of a condor built by the spec's rule at that tenor, vol points)\n` +
          simpleTable(['day', 'dte', 'real', 'model', 'error'], slopeRows(slopes), color, [
            'left',
            'right',
            'right',
            'right',
            'right',
          ]) +
          `\n\nLegs\n${notes.map((n) => `  ${n}\n`).join('')}`,
      );
      const shipped = judge(panel, full, partial, specs, defaultSmileParams);
      out('\n' + summaryLine('shipped smile, on the days it was fitted to', shipped.summary));
      let validation: object | undefined;
      if (opts.fit) {
        // One step per leave-one-day-out fold, then the refit on all chains and the bid/ask fit.
        const bar = progressBar(full.length + 2, 'smile fit');
        bar.update(0, 'leave-one-day-out');
        const start = fitStart(opts.form);
        const loo = leaveOneDayOut(panel, full, partial, specs, start, (done) =>
          bar.update(done, `leave-one-day-out fold ${done}/${full.length}`),
        );
        bar.update(full.length, 'refit on all full chains');
        const refit = fitSmile(
          full.map((d) => d.sample),
          start,
        );
        const inSample = judge(panel, full, partial, specs, refit.params);
        bar.update(full.length + 1, 'bid/ask model');
        const spreads = fitSpreadParams(
          all.filter((p) => p.product === 'VIX' || full.some((d) => d.chain.quoteDate === p.date)),
          defaultSpreadParams,
        );
        bar.update(full.length + 2);
        bar.finish('done');
        out(
          `\nLeave-one-day-out: fit on the other full chains, judged on the day left out and the partial chains\n`,
        );
        for (const f of loo.folds) {
          out(
            `  held out ${f.heldOut}: ${paramsLine(f.params)}\n` +
              f.structures.map((s) => `    ${s.structure} ${s.dte} days: ${pct(s.error, 1)}\n`).join('') +
              f.slopes
                .map((s) => `    put-wing slope ${s.dte} days: ${s.error_points.toFixed(2)} vol points\n`)
                .join('') +
              f.partial
                .map(
                  (p) =>
                    `    partial ${p.date}: median |vol error| ${p.medianAbsVolPoints.toFixed(2)} over ${p.quotes} quotes\n`,
                )
                .join(''),
          );
        }
        out(summaryLine('leave-one-day-out', loo.summary));
        out(
          `\nrefit on all full chains (rms log price error ${refit.rms.toFixed(3)}): ${paramsLine(refit.params)}\n` +
            `shipped: ${paramsLine(defaultSmileParams)}\n` +
            summaryLine('refit, in sample', inSample.summary) +
            shipped.partial
              .map(
                (p, k) =>
                  `  partial ${p.date}: shipped ${p.medianAbsVolPoints.toFixed(2)}, refit ${inSample.partial[k].medianAbsVolPoints.toFixed(2)} vol points median |error|\n`,
              )
              .join(''),
        );
        out(
          `\nfitted bid/ask model (SPX: rms log error of bucket medians ${spreads.spxError.toFixed(3)}; VIX: median half-spread / sqrt(mid)):\n`,
        );
        for (const k of ['spxPerSqrtPrice', 'spxWingExtra', 'vixPerSqrtPrice'] as const)
          out(`  ${k}: ${spreads.params[k]} (default ${defaultSpreadParams[k]})\n`);
        validation = {
          leave_one_out: {
            folds: loo.folds.map((f) => ({
              held_out: f.heldOut,
              params: f.params,
              structures: f.structures,
              put_wing_slope: f.slopes,
              partial: f.partial,
            })),
            summary: loo.summary,
            meets_targets: meetsTargets(loo.summary),
          },
          refit: { params: refit.params, summary: inSample.summary },
        };
      }
      if (opts.json)
        process.stdout.write(
          JSON.stringify(
            {
              structures,
              put_wing_slope: slopes,
              summary: shipped.summary,
              targets: FIT_TARGETS,
              ...validation,
            },
            null,
            2,
          ) + '\n',
        );
    });
}
