// The study's JSON document (`alvh study --json`): trials, one entry per configuration with its settings,
// metrics (fractions as fractions) and whether it sits in the claim box, the statistics, and the path shares.
import { inClaimBox } from './statistics/index.js';
import type { StudyOutcome } from './run-study.js';

/** NaN and infinities become null, so the document is plain JSON. */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface StudyJson {
  study: string;
  from: string;
  to: string;
  data_fingerprint: string;
  trials: number;
  complete: boolean;
  configs: {
    id: string;
    settings: Record<string, unknown>;
    metrics: Record<string, number | null | Record<string, number | null>>;
    in_claim_box: boolean;
    paths?: { paths: number; claims: Record<string, number | null>; in_claim_box: number | null };
  }[];
  statistics: unknown;
}

export function studyJson(outcome: StudyOutcome, statistics: unknown): StudyJson {
  return {
    study: outcome.plan.name,
    from: outcome.window.from,
    to: outcome.window.to,
    data_fingerprint: outcome.days.dataFingerprint,
    trials: outcome.results.length,
    complete: !outcome.interrupted && outcome.results.length === outcome.plan.configs.length,
    configs: outcome.results.map((r) => {
      const m = r.metrics;
      const p = outcome.paths?.byConfig[r.id];
      return {
        id: r.id,
        settings: r.settings,
        metrics: {
          drawdown_reduction: finite(m.drawdown_reduction),
          hedge_cost: finite(m.hedge_cost),
          hedge_cost_calm: finite(m.hedge_cost_calm),
          months_credited_mtm: finite(m.months_credited_mtm),
          months_credited_cash: finite(m.months_credited_cash),
          cagr: finite(m.cagr),
          max_drawdown: finite(m.max_drawdown),
          sharpe: finite(m.sharpe),
          unhedged_cagr: finite(m.unhedged_cagr),
          unhedged_max_drawdown: finite(m.unhedged_max_drawdown),
          volatility: finite(m.volatility),
          hedge_spend: finite(m.hedge_spend),
          unhedged_sharpe: finite(m.unhedged_sharpe),
          stress_drawdown_reduction: Object.fromEntries(
            Object.entries(m.stress_drawdown_reduction).map(([k, v]) => [k, finite(v)]),
          ),
        },
        in_claim_box: inClaimBox(m),
        ...(p
          ? {
              paths: {
                paths: p.paths,
                claims: Object.fromEntries(Object.entries(p.claims).map(([k, v]) => [k, finite(v)])),
                in_claim_box: finite(p.inClaimBox),
              },
            }
          : {}),
      };
    }),
    statistics,
  };
}
