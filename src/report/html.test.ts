import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRun } from '../analytics/fixture-book.test-helper.js';
import { STRESS_WINDOWS } from '../analytics/stress.js';
import { summarizeRun } from '../analytics/summary.js';
import { soloBacktest } from './fixture-runs.test-helper.js';
import { renderHtmlReport } from './html.js';
import { BOOK_ROWS, renderBacktestSummary } from './terminal.js';
import { backtestHtml } from './write-outputs.js';

const page = (source: 'real' | 'synthetic'): string => {
  const run = { ...fixtureRun(), source };
  return renderHtmlReport({
    run,
    summary: summarizeRun(run),
    notes: [],
    strategyText: '',
    strategyHash: 'h',
  });
};

test('stress windows: named on real data; on a synthetic market its own worst stretches, said so', () => {
  const real = page('real');
  for (const w of STRESS_WINDOWS) assert.ok(real.includes(`${w.name} (${w.from} .. ${w.to})`), w.name);
  assert.ok(!real.includes('Worst 63 trading days'));
  const synthetic = page('synthetic');
  for (const w of STRESS_WINDOWS) assert.ok(!synthetic.includes(w.name), w.name);
  assert.ok(
    synthetic.includes("<h2>Stress windows: the synthetic path's own worst 63-trading-day SPX falls"),
  );
  assert.ok(synthetic.includes('Worst 63 trading days #1 (2018-01-03 .. 2018-03-30)'));
  assert.match(synthetic, /Named historical windows \(2008, 2020, \.\.\.\) are not applied/);
});

test('no baselines: the page holds both books in every table and every chart', () => {
  const { outcome, summary, main } = soloBacktest();
  const html = backtestHtml(outcome, summary, main);
  // Books, year-by-year and stress tables.
  assert.equal(html.split('<th>ALVH v1</th><th>Unhedged condors</th>').length - 1, 3);
  for (const id of ['equity', 'equity-log', 'drawdown', 'sleeve-monthly', 'layers-timeline'])
    assert.ok(html.includes(`data-chart="${id}"`), id);
});

test('the books table of the page and of the terminal show the same rows, cell for cell', () => {
  const { summary } = soloBacktest();
  const html = renderHtmlReport({
    run: soloBacktest().outcome.run,
    summary,
    notes: [],
    strategyText: '',
    strategyHash: 'h',
  });
  const terminal = renderBacktestSummary(summary, { color: false });
  const books = /<table class="books"[^>]*>[\s\S]*?<\/table>/.exec(html)![0];
  const htmlRows = [...books.matchAll(/<tr>(.*?)<\/tr>/g)]
    .slice(1)
    .map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1].replace(/&amp;/g, '&')));
  assert.equal(htmlRows.length, BOOK_ROWS.length);
  for (const [label, ...cells] of htmlRows) {
    // The terminal's line of the same row: its label, then each book's cell in the books' column order.
    const line = terminal.split('\n').find((l) =>
      l
        .replace(/[│|]/g, ' ')
        .trim()
        .startsWith(label + ' '),
    );
    assert.ok(line, `terminal row '${label}'`);
    let at = line.indexOf(label) + label.length;
    for (const cell of cells) {
      const k = line.indexOf(cell, at);
      assert.ok(k >= 0, `'${label}': '${cell}' in '${line}'`);
      at = k + cell.length;
    }
  }
});
