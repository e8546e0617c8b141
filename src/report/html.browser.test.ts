import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { summarizeRun } from '../analytics/summary.js';
import { packageRoot } from '../core/paths.js';
import { runBacktest } from '../engine/run-backtest.js';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { renderHtmlReport } from './html.js';

const CHROMIUM = '/usr/bin/chromium';

function report(): string {
  const panel = simulateMarket({ years: 3, seed: 8 });
  const main = loadStrategy('alvh');
  const outcome = runBacktest(panel, main, [loadStrategy('vxth')]);
  return renderHtmlReport({
    run: outcome.run,
    summary: summarizeRun(outcome.run),
    notes: outcome.notes,
    strategyText: main.text,
    strategyHash: main.hash,
  });
}

test('the report is self-contained: no external scripts, styles, images or fonts', () => {
  const html = report();
  assert.ok(
    !/<(script|img|link|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html),
    'no external src/href',
  );
  assert.ok(!/@import|url\(\s*["']?https?:/i.test(html), 'no external CSS');
  assert.match(html, /SYNTHETIC MARKET/);
  for (const id of ['equity', 'equity-log', 'drawdown', 'sleeve-monthly', 'layers-timeline'])
    assert.ok(html.includes(`data-chart="${id}"`), id);
});

test('in headless Chromium: no console errors, no network requests, every chart drawn with data', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip('chromium not installed (apt-get install chromium)');
    return;
  }
  const dir = join(packageRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.html');
  writeFileSync(file, report());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction(
      "[...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') !== null)",
      undefined,
      { timeout: 20000 },
    );
    const charts = await page.$$eval('[data-chart]', (els) =>
      els.map((el) => ({
        id: el.getAttribute('data-chart'),
        points: Number(el.getAttribute('data-rendered')),
        drawn: el.querySelector('canvas, svg') !== null,
      })),
    );
    assert.ok(charts.length >= 5);
    for (const c of charts) {
      assert.ok(c.drawn, `${c.id} has a canvas`);
      assert.ok(c.points > 0, `${c.id} has data`);
    }
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(requests, [], 'network requests');
  } finally {
    await browser.close();
  }
});
