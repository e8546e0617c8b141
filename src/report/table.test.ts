import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable, shouldUseColor, visibleWidth } from './table.js';

const ESC = '\u001b';

const SPEC = {
  title: 'T',
  columns: [{ header: 'name' }, { header: 'value', align: 'right' as const }],
  rows: [
    ['a', '1.5%'],
    ['longer', { text: '-12.25%', style: 'bad' as const }],
  ],
};

test('columns are padded to the widest cell; right alignment pads on the left; no trailing spaces', () => {
  const out = renderTable(SPEC, { color: false });
  assert.equal(
    out,
    ['T', 'name      value', '------  -------', 'a          1.5%', 'longer  -12.25%'].join('\n'),
  );
});

test('no ANSI codes without colour; with colour the visible text and its alignment are unchanged', () => {
  const plain = renderTable(SPEC, { color: false });
  assert.ok(!plain.includes('\u001b'));
  const coloured = renderTable(SPEC, { color: true });
  assert.ok(coloured.includes('\u001b[31m-12.25%\u001b[0m'));
  assert.equal(
    coloured
      .replaceAll(ESC + '[1m', '')
      .replaceAll(ESC + '[31m', '')
      .replaceAll(ESC + '[0m', ''),
    plain,
  );
});

test('shouldUseColor: a terminal only, and never with NO_COLOR set or TERM=dumb', () => {
  assert.equal(shouldUseColor({ isTTY: true }, {}), true);
  assert.equal(shouldUseColor({ isTTY: false }, {}), false);
  assert.equal(shouldUseColor({}, {}), false);
  assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '' }), true);
  assert.equal(shouldUseColor({ isTTY: true }, { TERM: 'dumb' }), false);
});

test('width counts code points, and a row of the wrong length is a bug', () => {
  assert.equal(visibleWidth('±5%'), 3);
  assert.throws(() => renderTable({ columns: [{ header: 'a' }], rows: [['x', 'y']] }, { color: false }));
});

test('a table wider than maxWidth is cut into column blocks that repeat the first column and fit', () => {
  const columns = [{ header: 'name' }, ...Array.from({ length: 9 }, (_, k) => ({ header: `column ${k}` }))];
  const rows = [0, 1, 2].map((r) => [`row ${r}`, ...columns.slice(1).map((_, k) => `value ${r}.${k}`)]);
  const wide = renderTable({ title: 'T', columns, rows }, { color: false });
  assert.ok(wide.split('\n').some((l) => l.length > 60));
  const cut = renderTable({ title: 'T', columns, rows }, { color: false, maxWidth: 60 });
  const lines = cut.split('\n');
  assert.ok(lines.every((l) => l.length <= 60));
  const blocks = cut.slice(2).split('\n\n');
  assert.ok(blocks.length > 1, `${blocks.length} blocks`);
  // Every block starts with the name column; every value is shown exactly once.
  for (const b of blocks) assert.match(b, /^name/);
  for (const r of rows) for (const v of r.slice(1)) assert.equal(cut.split(v).length - 1, 1, v);
  assert.equal(cut.split('row 2').length - 1, blocks.length);
});
