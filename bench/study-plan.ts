// The study benchmarks' shared set-up: a study text on the alvh preset, expanded, with its run window and
// its unhedged cores by id.
import type { Panel } from '../src/market/panel.js';
import { loadStrategy } from '../src/strategy/load.js';
import { expandStudy } from '../src/study/expand.js';
import { studyWindow } from '../src/study/run-chunk.js';
import { parseStudyText } from '../src/study/study-file.js';

export function alvhStudyPlan(panel: Panel, text: string, label: string) {
  const plan = expandStudy(parseStudyText(text, label, '.'), new Map([['alvh', loadStrategy('alvh')]]));
  const window = studyWindow(
    panel,
    plan.configs.map((c) => c.strategy),
    plan,
  );
  const cores = new Map(plan.cores.map((c) => [c.id, c.strategy]));
  return { plan, window, cores };
}
