// Plain-language readings of a study's statistics (PBO, DSR) and short texts for a configuration's settings,
// shared by the terminal summary and study.html so both say the same thing.
import type { DeflatedSharpe, PboResult } from '../study/statistics/index.js';
import type { StudyMetrics } from '../study/types.js';

const pct0 = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** One line: what the PBO says about picking the best configuration. */
export function pboReading(p: PboResult): string {
  if (p.pbo === null) return `PBO not computed: ${p.note}.`;
  if (!p.meaningful) return `PBO ${pct0(p.pbo)} is not meaningful: ${p.note}.`;
  const head = `In ${pct0(p.pbo)} of ${p.combinations} train/test splits the in-sample best ranked in the bottom half out of sample`;
  if (p.pbo < 0.1) return `${head}: the pick is unlikely to be luck.`;
  if (p.pbo < 0.5) return `${head}: selection helps, but its best result is partly luck.`;
  return `${head}: picking the best configuration does no better than picking one at random.`;
}

/** One line: whether the best configuration's Sharpe ratio survives the number of trials. */
export function dsrReading(d: (DeflatedSharpe & { best_id: string }) | null): string {
  if (d === null) return 'DSR not computed: no configuration has a Sharpe ratio.';
  if (d.dsr === null)
    return 'DSR not computed: the best configuration has too few days or a degenerate distribution.';
  const sig = d.dsr >= 0.95 ? 'significant at 95%' : 'not significant at 95%';
  return (
    `The best Sharpe ratio, ${d.sharpe_annual.toFixed(2)} a year, beats the ${d.expected_max_sharpe_annual.toFixed(2)} ` +
    `the best of ${d.trials} skill-less trials would show with probability ${pct0(d.dsr)} (${sig}; ` +
    `${d.dsr_effective === null ? 'n/a' : pct0(d.dsr_effective)} counting ${d.effective_trials.toFixed(1)} effective trials).`
  );
}

/** A setting's value as text: numbers as they are, everything else as JSON. */
export function settingValueText(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? 'undefined');
}

/** 'key=value, key=value' over a configuration's settings, keys in sorted order. */
export function settingsText(settings: Record<string, unknown>): string {
  const keys = Object.keys(settings).sort();
  return keys.length === 0 ? '(base)' : keys.map((k) => `${k}=${settingValueText(settings[k])}`).join(', ');
}

/** A configuration's drawdown cut, hedge cost, months credited, CAGR and core CAGR, in the table order both reports use. */
export function claimMetricCells(m: StudyMetrics, pct: (x: number, decimals?: number) => string): string[] {
  return [
    pct(m.drawdown_reduction),
    pct(m.hedge_cost, 2),
    pct(m.months_credited_mtm),
    pct(m.cagr, 2),
    pct(m.unhedged_cagr, 2),
  ];
}
