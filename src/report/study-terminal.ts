// The study as terminal text: what ran, how many configurations sit in the claim box, and the best
// configurations by the study's objective beside their unhedged cores.
import type { StudyJson } from '../study/output.js';
import type { StudyStatistics } from '../study/statistics/index.js';
import { renderTable } from './table.js';
import { num, pct } from './terminal.js';

type ConfigRow = StudyJson['configs'][number];

function settingsText(settings: Record<string, unknown>): string {
  const parts = Object.entries(settings).map(
    ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  return parts.length === 0 ? '(the base)' : parts.join(' ');
}

const m = (c: ConfigRow, key: string): number | null => c.metrics[key] as number | null;

export function renderStudySummary(
  doc: StudyJson,
  ranked: readonly ConfigRow[],
  opts: { color: boolean; top: number; objective: string },
): string {
  const inBox = doc.configs.filter((c) => c.in_claim_box).length;
  const positive = doc.configs.filter((c) => (m(c, 'unhedged_cagr') ?? -1) > 0);
  const inBoxPositive = positive.filter((c) => c.in_claim_box).length;
  const lines = [
    `study ${doc.study}: ${doc.trials} configuration(s) on ${doc.from} .. ${doc.to} (data ${doc.data_fingerprint})${doc.complete ? '' : ' - INCOMPLETE, rerun to resume'}`,
    `in the claim box (drawdown cut 35-40%, cost 1-2% a year, about 65% of months credited): ${inBox} of ${doc.trials}; of the ${positive.length} whose unhedged core earns a positive CAGR: ${inBoxPositive}`,
  ];
  const st = doc.statistics as StudyStatistics | null;
  if (st) {
    const pbo = st.pbo.pbo === null ? 'n/a' : pct(st.pbo.pbo, 0);
    lines.push(
      `probability of backtest overfitting (CSCV, ${st.pbo.blocks} blocks): ${pbo}${st.pbo.meaningful ? '' : ` - ${st.pbo.note}`}`,
    );
    if (st.dsr)
      lines.push(
        `best by Sharpe (${st.dsr.best_id}): Sharpe ${num(st.dsr.sharpe_annual)}, deflated Sharpe ${st.dsr.dsr === null ? 'n/a' : pct(st.dsr.dsr, 0)} over ${st.dsr.trials} trials (${st.dsr.effective_trials.toFixed(1)} effective: ${st.dsr.dsr_effective === null ? 'n/a' : pct(st.dsr.dsr_effective, 0)}), the chance its true Sharpe beats the best of as many skill-less trials`,
      );
  }
  lines.push('');
  const rows = ranked
    .slice(0, opts.top)
    .map((c, k) => [
      String(k + 1),
      pct(m(c, 'cagr')),
      pct(m(c, 'unhedged_cagr')),
      pct(m(c, 'max_drawdown')),
      pct(m(c, 'unhedged_max_drawdown')),
      pct(m(c, 'drawdown_reduction')),
      pct(m(c, 'hedge_cost'), 2),
      pct(m(c, 'months_credited_mtm'), 0),
      num(m(c, 'sharpe')),
      c.in_claim_box ? 'yes' : 'no',
      ...(c.paths ? [pct(c.paths.in_claim_box, 0)] : []),
      settingsText(c.settings),
    ]);
  const withPaths = ranked.some((c) => c.paths);
  const headers = [
    '#',
    'CAGR',
    'unhedged',
    'max DD',
    'unhedged',
    'DD cut',
    'cost/yr',
    'months+',
    'Sharpe',
    'box',
    ...(withPaths ? ['box on paths'] : []),
    'settings',
  ];
  lines.push(
    renderTable(
      {
        title: `top ${Math.min(opts.top, ranked.length)} by ${opts.objective}`,
        columns: headers.map((header, k) => ({ header, align: k === headers.length - 1 ? 'left' : 'right' })),
        rows,
      },
      { color: opts.color },
    ),
  );
  return lines.join('\n');
}
