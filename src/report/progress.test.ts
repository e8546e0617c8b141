import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from './progress.js';

/** A stand-in terminal that keeps what was drawn. */
function terminal(): { isTTY: boolean; write: (s: string) => boolean; text: () => string } {
  const out: string[] = [];
  return { isTTY: true, write: (s) => out.push(s) > 0, text: () => out.join('') };
}

function withoutCi(body: () => void): void {
  const ci = process.env.CI;
  delete process.env.CI;
  try {
    body();
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
}

test('a stopped run finishes on the count it reached, not on the total', () => {
  withoutCi(() => {
    const tty = terminal();
    const bar = progressBar(100, 'montecarlo', tty);
    bar.update(19);
    bar.finish('interrupted');
    const last = tty.text().split('\r').pop()!;
    assert.match(last, /\] 19\/100 +interrupted/);
    assert.doesNotMatch(last, /100\/100|done/);
  });
});

test('a complete run finishes as done', () => {
  withoutCi(() => {
    const tty = terminal();
    const bar = progressBar(3, 'backtest', tty);
    for (let k = 1; k <= 3; k++) bar.update(k, `book ${k}`);
    bar.finish();
    assert.match(tty.text().split('\r').pop()!, /\[#+\] 3\/3 +done/);
  });
});
