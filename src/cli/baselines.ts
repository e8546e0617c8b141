// Parses --baselines: a comma-separated list of presets or strategy files, or 'none'.
import type { StrategyLoader } from '../api/strategy-memo.js';
import type { LoadedStrategy } from '../strategy/load.js';

/** Each baseline loaded (in order) through `strategies`. */
export async function parseBaselines(text: string, strategies: StrategyLoader): Promise<LoadedStrategy[]> {
  if (text.trim() === 'none' || text.trim() === '') return [];
  const loaded: LoadedStrategy[] = [];
  for (const name of text.split(',').map((s) => s.trim()))
    if (name !== '') loaded.push(await strategies.load(name));
  return loaded;
}
