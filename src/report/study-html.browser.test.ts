import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium, openPage } from './chromium.test-helper.js';
import { chartLayout, layoutProblems, type ChartLayout } from './chart-layout.test-helper.js';
import { thinIndices } from './charts.js';
import { fixtureStudy } from './fixture-study.test-helper.js';
import { renderStudyHtml } from './study-html.js';

let browser: Browser | null = null;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

interface Probe {
  id: string;
  series: { name: string; points: number }[];
  layout: ChartLayout;
}

const PROBE = `(() => {
  const chartLayout = ${chartLayout.toString()};
  return [...document.querySelectorAll('[data-chart]')].map((el) => {
    const chart = echarts.getInstanceByDom(el);
    const series = chart.getOption().series.map((s) => ({
      name: String(s.name),
      points: s.data.filter((v) => v !== null && v !== undefined).length,
    }));
    return { id: el.dataset.chart, series, layout: chartLayout(chart) };
  });
})()`;

test('in headless Chromium at 1024 px: every section has data, a click shows the equity, filters work, nothing overflows', async (t) => {
  if (browser === null) {
    t.skip('chromium not installed (apt-get install chromium)');
    return;
  }
  const study = fixtureStudy();
  const html = renderStudyHtml({ name: 'fixture', ...study, notes: ['constructed returns'] });
  const { page, errors, requests } = await openPage(browser, 'study', html, { width: 1024, height: 900 });
  try {
    await page.waitForFunction('document.body.dataset.shown !== undefined', undefined, { timeout: 20000 });
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const charts = (await page.evaluate(PROBE)) as Probe[];
    assert.deepEqual(
      charts.map((c) => c.id),
      ['frontier', 'config-equity', 'config-drawdown', 'pbo-logits'],
    );
    const frontier = charts[0];
    const inBox = study.statistics.share_in_claim_box.all.count;
    assert.ok(inBox > 0 && inBox < 12, `${inBox} in the box`);
    assert.deepEqual(
      frontier.series.map((s) => [s.name, s.points]),
      [
        ['inside the claim box', inBox],
        ['outside the box', 12 - inBox],
        ['frontier', study.statistics.frontier.length],
      ],
    );
    // On load the top configuration is shown: the thinned closes for it and for its core.
    const kept = thinIndices(study.days.dates.length, 400).length;
    const top = study.statistics.top[0].id;
    assert.equal(await page.evaluate('document.body.dataset.shown'), top);
    for (const c of charts.slice(1, 3))
      assert.deepEqual(
        c.series.map((s) => s.points),
        [kept, kept],
        c.id,
      );
    for (const c of charts) assert.deepEqual(layoutProblems(c.layout), [], `${c.id} layout`);
    // Click the point of another configuration: its equity replaces the first one.
    const target = study.results.findIndex((r) => r.id !== top && r.metrics.drawdown_reduction > 0.5);
    await page.locator('[data-chart="frontier"]').scrollIntoViewIfNeeded();
    const box = (await page.locator('[data-chart="frontier"]').boundingBox())!;
    const [px, py] = (await page.evaluate(
      `echarts.getInstanceByDom(document.querySelector('[data-chart="frontier"]')).convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [${study.results[target].metrics.hedge_cost * 100}, ${study.results[target].metrics.drawdown_reduction * 100}])`,
    )) as [number, number];
    await page.mouse.move(box.x + px, box.y + py);
    await page.waitForTimeout(300);
    const tooltip = await page.locator('[data-chart="frontier"]').innerText();
    assert.match(tooltip, new RegExp(study.results[target].id));
    assert.match(tooltip, /condor\.wings\.percent = /);
    await page.mouse.click(box.x + px, box.y + py);
    assert.equal(await page.evaluate('document.body.dataset.shown'), study.results[target].id);
    const first = (await page.evaluate(
      `echarts.getInstanceByDom(document.querySelector('[data-chart="config-equity"]')).getOption().series[0].data[${kept - 1}]`,
    )) as number;
    let growth = 1;
    for (const r of study.results[target].returns) growth *= 1 + r;
    assert.ok(Math.abs(first - growth) < 1e-4, `last equity point ${first} vs ${growth}`);
    assert.match(
      await page.locator('#detail-title').innerText(),
      new RegExp(`${study.results[target].id}: condor`),
    );
    // Filter out one wing width: three configurations leave the frontier.
    await page.locator('input[data-axis="0"][value="0.01"]').uncheck();
    assert.equal(await page.locator('#shown-count').innerText(), '9 of 12 configurations shown');
    const after = (await page.evaluate(PROBE)) as Probe[];
    assert.equal(after[0].series[0].points + after[0].series[1].points, 9);
    // Readings, walk-forward rows and no horizontal overflow at 1024 px.
    assert.match(await page.locator('#pbo-reading').innerText(), /train\/test splits/);
    assert.match(await page.locator('#dsr-reading').innerText(), /best Sharpe ratio/);
    assert.equal(await page.locator('table.wf tbody tr').count(), study.statistics.walk_forward.folds.length);
    assert.ok(study.statistics.walk_forward.folds.length >= 4);
    const widths = (await page.evaluate(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    )) as number[];
    assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in a ${widths[1]} px window`);
    await page.screenshot({ path: join(ARTIFACTS, 'study.png'), fullPage: true });
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(requests, [], 'network requests');
  } finally {
    await page.close();
  }
});
