// The calibration harness of the synthetic market (docs/simulation.md, "Calibrating"): judges parameter
// overrides as `alvh sim check` judges the model, on several seed sets, with the command's own code
// (src/sim/sim-check.ts). Run after `npx tsc -p tsconfig.json`:
//   node scripts/calibrate-sim.mjs [--data DIR] [--sets 1-20,301-320,501-532] [--show NAME;NAME] [--json] [VARIANT...]
// A VARIANT is a JSON object of parameters to replace, inline or in a file (a file may hold an array of
// them, or an object of named ones); none: the model as it is. Deterministic: the same variants print the same.
import { existsSync } from 'node:fs';
import { loadMarket } from '../dist/src/api/market.js';
import { readJsonFile } from '../dist/src/cli/option-values.js';
import { quantile } from '../dist/src/analytics/quantile.js';
import { checkRows } from '../dist/src/sim/hedge-stats.js';
import { checkYears, nextDayFutureGaps, simCheck, simParamsWith } from '../dist/src/sim/sim-check.js';
import { marketStats } from '../dist/src/sim/stats.js';
import { loadStrategy } from '../dist/src/strategy/load.js';

const DEFAULT_SETS = '1-20,301-320,501-532';

function usage(message) {
  process.stderr.write(`calibrate-sim: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { data: '../shared/data', sets: DEFAULT_SETS, show: [], json: false, variants: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--data') o.data = value();
    else if (a === '--sets') o.sets = value();
    else if (a === '--show')
      o.show = value()
        .split(';')
        .filter((s) => s.length > 0);
    else if (a === '--json') o.json = true;
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else o.variants.push(...variantsOf(a));
  }
  if (o.variants.length === 0) o.variants.push({ name: 'model as it is', override: {} });
  return o;
}

/** Inline JSON or a file: an object (one variant), an array of them, or { name: override }. */
function variantsOf(arg) {
  const doc =
    arg.trim().startsWith('{') || arg.trim().startsWith('[') ? JSON.parse(arg) : readJsonFile(arg, 'variant');
  if (Array.isArray(doc)) return doc.map((override) => ({ name: JSON.stringify(override), override }));
  const values = Object.values(doc);
  const named = values.length > 0 && values.every((v) => typeof v === 'object' && v !== null);
  if (named) return Object.entries(doc).map(([name, override]) => ({ name, override }));
  return [{ name: arg.startsWith('{') ? arg : `${arg}: ${JSON.stringify(doc)}`, override: doc }];
}

function parseSets(text) {
  return text.split(',').map((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!m || Number(m[2]) < Number(m[1])) usage(`--sets: expected first-last seed ranges, found '${part}'`);
    return { label: part.trim(), seed: Number(m[1]), paths: Number(m[2]) - Number(m[1]) + 1 };
  });
}

const show = (x) => (!Number.isFinite(x) ? '-' : Math.abs(x) >= 10 ? x.toFixed(2) : x.toFixed(4));
const band = (b) =>
  `${b.name}: real ${show(b.real)}, median ${show(b.median)} (${show(b.p5)} .. ${show(b.p95)})`;

const o = parseArgs(process.argv.slice(2));
if (!existsSync(o.data)) usage(`--data: no folder ${o.data}`);
const sets = parseSets(o.sets);
const variants = o.variants.map((v) => ({ ...v, params: simParamsWith(v.override) }));
const real = loadMarket({ data: o.data });
const alvh = loadStrategy('alvh');
const realRows = checkRows(real, alvh);
const years = checkYears(marketStats(real).years);
const realGaps = nextDayFutureGaps(real);
for (const name of o.show) if (!realRows.some(([n]) => n === name)) usage(`--show: no statistic '${name}'`);

const results = [];
for (const v of variants) {
  const perSet = sets.map((set) => {
    const gaps = [];
    const bands = simCheck(real, realRows, alvh, {
      seed: set.seed,
      paths: set.paths,
      years,
      params: v.params,
      onPath: (_, panel) => gaps.push(...nextDayFutureGaps(panel)),
    });
    const sortedGaps = Float64Array.from(gaps).sort();
    return {
      set: set.label,
      inside: bands.filter((b) => b.inside).length,
      total: bands.length,
      outside: bands.filter((b) => !b.inside),
      shown: bands.filter((b) => o.show.includes(b.name)),
      nextDayGap: {
        median: quantile(sortedGaps, 0.5),
        p90: quantile(sortedGaps, 0.9),
        max: sortedGaps[sortedGaps.length - 1],
      },
    };
  });
  results.push({ name: v.name, override: v.override, sets: perSet });
  if (o.json) continue;
  process.stdout.write(`${v.name}\n`);
  for (const s of perSet) {
    process.stdout.write(`  seeds ${s.set}: ${s.inside} of ${s.total} inside`);
    process.stdout.write(
      `; next-day future from VIX median ${(100 * s.nextDayGap.median).toFixed(1)}%, 90% ${(100 * s.nextDayGap.p90).toFixed(1)}%, max ${(100 * s.nextDayGap.max).toFixed(1)}%\n`,
    );
    for (const b of s.outside) process.stdout.write(`    outside: ${band(b)}\n`);
    for (const b of s.shown) if (b.inside) process.stdout.write(`    inside:  ${band(b)}\n`);
  }
}
if (o.json)
  process.stdout.write(
    JSON.stringify(
      {
        years,
        realNextDayGap: {
          median: quantile(realGaps, 0.5),
          p90: quantile(realGaps, 0.9),
          max: realGaps[realGaps.length - 1],
        },
        variants: results,
      },
      null,
      2,
    ) + '\n',
  );
else
  process.stdout.write(
    `real next-day future from VIX: median ${(100 * quantile(realGaps, 0.5)).toFixed(1)}%, 90% ${(100 * quantile(realGaps, 0.9)).toFixed(1)}%, max ${(100 * realGaps[realGaps.length - 1]).toFixed(1)}%\n`,
  );
