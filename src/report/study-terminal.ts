// The study summary for the terminal: the share of configurations per claim (all and positive cores), PBO and
// DSR with their one-line readings, the walk-forward record against the hindsight pick, and the top
// configurations. Reads only the results and the statistics, so it prints what --json holds.
import type { ConfigResult } from '../study/types.js';
import type { StudyStatistics, TwoShares, WindowMetrics } from '../study/statistics/index.js';
import { num, pct } from './terminal.js';
import { renderTable } from './table.js';
import { claimMetricCells, dsrReading, pboReading, settingsText } from './study-readings.js';

export interface StudyTerminalOptions {
  color: boolean;
  /** Configurations listed (at most the statistics' own top list). */
  top: number;
}

const two = (s: TwoShares): [string, string] => [
  `${pct(s.all.share)} (${s.all.count}/${s.all.total})`,
  `${pct(s.positive_core.share)} (${s.positive_core.count}/${s.positive_core.total})`,
];

function sharesTable(st: StudyStatistics, color: boolean): string {
  const rows = [
    ['inside the claim box (' + st.claim_box.claims.join(' + ') + ')', ...two(st.share_in_claim_box)],
    ...st.share_per_claim.map((c) => [c.statement, ...two(c)]),
    ...st.stress_drawdown_reduction.map((w) => [`cuts max drawdown by 35-40% inside ${w.name}`, ...two(w)]),
  ];
  return renderTable(
    {
      title: `Share of ${st.trials} configurations where the claim holds`,
      columns: [
        { header: 'claim' },
        { header: 'all', align: 'right' },
        { header: 'positive cores', align: 'right' },
      ],
      rows,
    },
    { color },
  );
}

/** The box per era (1990-2006 beside 2007-2026 and the whole span), when the study spans more than one. */
function erasTable(st: StudyStatistics, color: boolean): string[] {
  if (st.eras.length === 0) return [];
  const rows = st.eras.map((e) => [
    `${e.era} (${e.from} .. ${e.to})`,
    ...two(e.share_in_claim_box),
    ...e.share_per_claim.map((c) => `${pct(c.all.share)} (${c.all.count})`),
    pct(e.median_drawdown_reduction),
    pct(e.median_hedge_cost, 2),
  ]);
  const claims = st.eras[0].share_per_claim.map((c) => ({ header: c.id, align: 'right' as const }));
  return [
    '',
    renderTable(
      {
        title: 'The claim box per era (1990-2006: no rule was tuned on it)',
        columns: [
          { header: 'era' },
          { header: 'in box: all', align: 'right' },
          { header: 'positive cores', align: 'right' },
          ...claims,
          { header: 'median DD cut', align: 'right' },
          { header: 'median cost/yr', align: 'right' },
        ],
        rows,
      },
      { color },
    ),
  ];
}

function walkForwardLines(st: StudyStatistics): string[] {
  const wf = st.walk_forward;
  if (wf.out_of_sample === null) return [`Walk-forward: ${wf.note}`];
  const line = (label: string, w: WindowMetrics): string =>
    `  ${label}: DD cut ${pct(w.drawdown_reduction)}, hedge cost ${pct(w.hedge_cost, 2)}/yr, months credited ${pct(w.months_credited_mtm)}, CAGR ${pct(w.cagr, 2)}, Sharpe ${num(w.sharpe)}`;
  return [
    `Walk-forward (${wf.train_years}-year training, ${wf.test_years}-year tests, ${wf.folds.length} folds ${wf.out_of_sample.from} .. ${wf.out_of_sample.to}, by ${st.objective_label}):`,
    line(`out of sample (${wf.distinct_choices} distinct picks)`, wf.out_of_sample),
    line(`hindsight best ${wf.hindsight_best}`, wf.in_sample!),
  ];
}

function topTable(st: StudyStatistics, results: readonly ConfigResult[], opts: StudyTerminalOptions): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const stab = new Map(st.stability.rows.map((r) => [r.id, r]));
  const rows = st.top.slice(0, opts.top).map((t, k) => {
    const r = byId.get(t.id)!;
    return [
      String(k + 1),
      t.id,
      num(t.objective, 3),
      num(stab.get(t.id)?.neighbour_median ?? null, 3),
      ...claimMetricCells(r.metrics, (x, d) => pct(Number.isFinite(x) ? x : null, d)),
      settingsText(r.settings),
    ];
  });
  return renderTable(
    {
      title: `Top ${rows.length} by ${st.objective_label}`,
      columns: [
        { header: '#', align: 'right' },
        { header: 'id' },
        { header: 'objective', align: 'right' },
        { header: 'neighbours', align: 'right' },
        { header: 'DD cut', align: 'right' },
        { header: 'cost/yr', align: 'right' },
        { header: 'months', align: 'right' },
        { header: 'CAGR', align: 'right' },
        { header: 'core CAGR', align: 'right' },
        { header: 'settings' },
      ],
      rows,
    },
    { color: opts.color },
  );
}

export function formatStudySummary(
  results: readonly ConfigResult[],
  st: StudyStatistics,
  opts: StudyTerminalOptions = { color: false, top: 10 },
): string {
  return [
    `Study: ${st.trials} configurations, each against its unhedged core, ${st.from} .. ${st.to} (data ${st.data_fingerprint})`,
    '',
    sharesTable(st, opts.color),
    ...erasTable(st, opts.color),
    '',
    `PBO: ${pboReading(st.pbo)}`,
    `DSR: ${dsrReading(st.dsr)}`,
    '',
    ...walkForwardLines(st),
    '',
    topTable(st, results, opts),
  ].join('\n');
}
