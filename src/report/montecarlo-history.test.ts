import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { pathMetrics } from '../sim/path-metrics.js';
import { hedgedBacktest } from './fixture-runs.test-helper.js';
import { historyFromSummary } from './montecarlo-history.js';
import { summaryDocument } from './write-outputs.js';

test('history from summary.json: each path metric as the Monte Carlo computes it on the same run', () => {
  const { outcome, summary, main } = hedgedBacktest();
  const doc = JSON.parse(JSON.stringify(summaryDocument(outcome, summary, main)));
  const { values } = historyFromSummary(doc, 'summary.json');
  const direct = pathMetrics(outcome.run);
  for (const m of PATH_METRICS) {
    const v = values[m.name];
    assert.ok(v !== null, m.name);
    // summary.json rounds fractions to 6 decimals.
    assert.ok(Math.abs(v - direct[m.name]) < 1e-6, `${m.name}: ${v} vs ${direct[m.name]}`);
  }
});

test('history from a file that is not a summary: the error names the file and what is missing', () => {
  assert.throws(
    () => historyFromSummary({ tool: 'x' }, 'a.json'),
    /^UserError: a\.json: not an alvh backtest summary\.json \(no key 'summary'\)$/,
  );
  assert.throws(
    () => historyFromSummary({ summary: { run: { hedged: 'alvh', unhedged: 'u' }, books: [] } }, 'b.json'),
    /b\.json: .*no book 'alvh'/,
  );
});
