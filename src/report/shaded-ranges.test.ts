import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelledRanges, shadeRanges } from './shaded-ranges.js';
import type { ChartSpec } from './charts.js';

const spans = [
  {
    input: 'vix-futures' as const,
    days: 3,
    ranges: [{ from: '1990-01-16', to: '2004-03-25', days: 3 }],
    note: '',
  },
  {
    input: 'vvix' as const,
    days: 4,
    ranges: [
      { from: '1990-01-16', to: '2006-12-29', days: 3 },
      { from: '2010-11-11', to: '2010-11-11', days: 1 },
    ],
    note: '',
  },
];

test('modelled ranges: overlapping inputs merge into one labelled stretch; a lone day is shaded without a label', () => {
  assert.deepEqual(modelledRanges(spans), [
    { from: '1990-01-16', to: '2006-12-29', label: 'modelled: vix-futures, vvix' },
    { from: '2010-11-11', to: '2010-11-11', label: '' },
  ]);
  assert.deepEqual(modelledRanges(undefined), []);
});

test('shading: snapped to the axis categories (days or months) on the first series of each date axis', () => {
  const spec = (cats: string[]): ChartSpec => ({
    id: 'x',
    title: 'x',
    points: 1,
    option: {
      xAxis: { type: 'category', data: cats },
      series: [
        { name: 'a', data: [1] },
        { name: 'b', data: [1] },
      ],
    },
  });
  const days = shadeRanges(
    spec(['1989-12-29', '1990-02-01', '2006-12-28', '2007-01-03']),
    modelledRanges(spans),
  );
  const area = (days.option.series as { markArea?: { data: unknown[] } }[])[0].markArea!;
  assert.deepEqual(area.data[0], [
    { name: 'modelled: vix-futures, vvix', xAxis: '1990-02-01' },
    { xAxis: '2006-12-28' },
  ]);
  assert.equal(area.data.length, 1, 'the lone 2010 day falls between categories: nothing to shade');
  assert.equal('markArea' in (days.option.series as object[])[1], false);
  const months = shadeRanges(spec(['1990-01', '2006-12', '2007-01']), modelledRanges(spans));
  const m = (months.option.series as { markArea?: { data: unknown[] } }[])[0].markArea!;
  assert.deepEqual(m.data[0], [
    { name: 'modelled: vix-futures, vvix', xAxis: '1990-01' },
    { xAxis: '2006-12' },
  ]);
  const histogram = spec(['1.0%', '2.0%']);
  assert.equal(shadeRanges(histogram, modelledRanges(spans)), histogram);
});
