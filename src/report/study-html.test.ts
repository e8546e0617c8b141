import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureStudy } from './fixture-study.test-helper.js';
import { renderStudyHtml } from './study-html.js';
import { computeStudyStatistics } from '../study/statistics/index.js';

/** The page's embedded data, read back from its script. */
function embedded(html: string): { points: { id: string }[]; curves: Record<string, unknown> } {
  const m = /const DATA = (.*);\n/.exec(html);
  assert.ok(m, 'DATA in the page');
  return JSON.parse(m[1]);
}

test('study.html is self-contained: no external scripts, styles, images or fonts, and every section is there', () => {
  const study = fixtureStudy();
  const html = renderStudyHtml({ name: 'fixture', ...study, studyText: 'name: <fixture>' });
  assert.ok(
    !/<(script|img|link|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html),
    'no external src/href',
  );
  assert.ok(!/@import|url\(\s*["']?https?:/i.test(html), 'no external CSS');
  for (const h of [
    'Share of configurations per claim',
    'Frontier',
    'Walk-forward',
    'Probability of backtest overfitting',
    'Deflated Sharpe ratio',
    'Top configurations',
  ])
    assert.ok(html.includes(h), h);
  assert.ok(html.includes('name: &lt;fixture&gt;'), 'the study file is escaped');
  assert.equal(embedded(html).points.length, 12);
  // Deterministic: same inputs, same bytes.
  assert.equal(renderStudyHtml({ name: 'fixture', ...study, studyText: 'name: <fixture>' }), html);
});

test('only maxCurves equity curves are embedded, the top configurations first', () => {
  const study = fixtureStudy();
  const data = embedded(renderStudyHtml({ name: 'fixture', ...study, maxCurves: 3 }));
  assert.deepEqual(
    Object.keys(data.curves),
    study.statistics.top.slice(0, 3).map((t) => t.id),
  );
});

test('a study of fewer than 10 configurations says PBO is not meaningful', () => {
  const study = fixtureStudy();
  const few = study.results.slice(0, 5);
  const html = renderStudyHtml({
    name: 'few',
    results: few,
    days: study.days,
    statistics: computeStudyStatistics(few, study.days),
  });
  assert.match(html, /PBO \d+% is not meaningful: only 5 configurations/);
});
