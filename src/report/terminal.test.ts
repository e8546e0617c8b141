import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRun } from '../analytics/summary.js';
import { fixtureRun } from '../analytics/fixture-book.js';
import { dollars, pct, renderBacktestSummary } from './terminal.js';

test('formatters: fixed decimals, no negative zero, locale-free thousands', () => {
  assert.equal(pct(-0.123456), '-12.3%');
  assert.equal(pct(-0.00001), '0.0%');
  assert.equal(pct(null), 'n/a');
  assert.equal(dollars(-1234567.4), '-1,234,567');
  assert.equal(dollars(999), '999');
});

test('the summary renders every section, without ANSI codes when colour is off', () => {
  const s = summarizeRun(fixtureRun());
  const out = renderBacktestSummary(s, { color: false });
  assert.ok(!out.includes('\u001b'));
  for (const part of [
    'Books',
    'Claim check',
    'Attribution',
    'Stress windows',
    'Year by year',
    'ALVH v1',
    'Unhedged',
  ]) {
    assert.ok(out.includes(part), part);
  }
  for (const c of s.claims) assert.ok(out.includes(c.verdict) && out.includes(c.statement), c.id);
  assert.ok(out.includes('Feb 2018 (Volmageddon)'));
  assert.match(out, /Aug 2024\s+not in run/);
  assert.ok(out.split('\n').every((l) => l === l.trimEnd()));
  assert.ok(renderBacktestSummary(s, { color: true }).includes('\u001b['));
});

test('the books table keeps its columns aligned: every value row ends at the same width', () => {
  const out = renderBacktestSummary(summarizeRun(fixtureRun()), { color: false });
  const lines = out.split('\n\n')[1].split('\n').slice(1);
  const widths = new Set(lines.map((l) => l.length));
  assert.equal(widths.size, 1, [...widths].join(','));
});
