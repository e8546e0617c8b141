// Test support: headless Chromium for the report's browser tests, launched the same way by each (no sandbox,
// no GPU, no background network), or null when it is not installed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { packageRoot } from '../core/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Pages and screenshots kept for a look after the run; the folder is git-ignored. */
export const ARTIFACTS = join(packageRoot(), 'test-artifacts');

export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) return null;
  return chromium.launch({
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
}

/**
 * Writes the page to test-artifacts/<name>.html and opens it from the file, recording console errors and any
 * request that leaves the file (a self-contained page makes none). The caller closes the page.
 */
export async function openPage(
  browser: Browser,
  name: string,
  html: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport });
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
  return { page, errors, requests };
}
