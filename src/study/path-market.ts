// One synthetic path of a `--paths` study: how it is simulated (years, seed) and the rule for its window
// (the study's from/to and the signal and date settings of all its configurations), its key in the store,
// and the study context on it, the same wherever the path runs (the local pool or a queue worker).
import { sha256Hex } from '../core/hash.js';
import { simulateMarket } from '../sim/simulate.js';
import type { Strategy } from '../strategy/schema.js';
import type { StudyPlan } from './expand.js';
import { createStudyContext, studyWindow, type StudyContext } from './run-chunk.js';
import { canonicalJson } from './store.js';

export interface SyntheticMarket {
  kind: 'synthetic';
  years: number;
  seed: number;
  from: string | null;
  to: string | null;
  /**
   * One strategy per distinct (signals, dates) setting of the study's configurations: the path's window is
   * the one every configuration can trade, as on real data, whichever configurations a job carries.
   */
  windowBy: Strategy[];
}

/** The study's distinct (signals, dates) settings, each as one of its strategies, in a stable order. */
export function pathWindowStrategies(plan: Pick<StudyPlan, 'configs'>): Strategy[] {
  const byKey = new Map<string, Strategy>();
  for (const c of plan.configs) {
    const key = canonicalJson([c.strategy.signals, c.strategy.dates]);
    if (!byKey.has(key)) byKey.set(key, c.strategy);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** The path's key in the store: equal keys are the same simulated market over the same window rule. */
export function pathMarketKey(m: SyntheticMarket): string {
  return sha256Hex(
    canonicalJson({
      years: m.years,
      seed: m.seed,
      from: m.from,
      to: m.to,
      windowBy: m.windowBy.map((s) => [s.signals, s.dates]),
    }),
  );
}

/** The study context on a simulated path (its own window: paths do not line up day by day). */
export function pathContext(m: SyntheticMarket): StudyContext {
  const path = simulateMarket({ years: m.years, seed: m.seed });
  return createStudyContext(path, studyWindow(path, m.windowBy, m));
}
