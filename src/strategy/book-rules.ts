// The rule units a book runs, as one table: each is handed day i's context (view, book state, conditions)
// and returns a decision; the engine carries it out. The shared contract test checks every entry.
import type { Position } from '../instruments/leg.js';
import { unitValue } from '../instruments/leg.js';
import type { DayContext } from './book-state.js';
import { condorExit, decideCondorEntry, type CondorExit } from './condor-rules.js';
import { decideCrossRoll } from './cross-roll.js';
import { decideLayerEntry, decideLayerExit } from './layer-rule.js';
import type { CondorSpec } from './schema.js';

/** Whether (and why) an open condor closes today, on today's marks. */
export function decideCondorExit(ctx: DayContext, spec: CondorSpec, p: Position): CondorExit {
  return condorExit(p, spec, -unitValue(p), p.legs[0].expiry - ctx.view.day);
}

export interface BookRules {
  condorEntry: typeof decideCondorEntry;
  condorExit: typeof decideCondorExit;
  layerEntry: typeof decideLayerEntry;
  layerExit: typeof decideLayerExit;
  crossRoll: typeof decideCrossRoll;
}

export const BOOK_RULES: BookRules = {
  condorEntry: decideCondorEntry,
  condorExit: decideCondorExit,
  layerEntry: decideLayerEntry,
  layerExit: decideLayerExit,
  crossRoll: decideCrossRoll,
};
