// Parses --baselines: a comma-separated list of presets or strategy files, or 'none'.
import { loadStrategy, type LoadedStrategy } from '../strategy/load.js';

export function parseBaselines(text: string): LoadedStrategy[] {
  if (text.trim() === 'none' || text.trim() === '') return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => loadStrategy(s));
}
