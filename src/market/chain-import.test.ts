import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoToDay } from '../core/dates.js';
import { DataError } from '../core/errors.js';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { BUILT_IN_MAPPINGS, parseMapping, type ChainMapping } from './chain-formats.js';
import { fileLines, importChainLines, type ImportedQuote } from './chain-import.js';
import { ChainStore } from './chain-store.js';
import { loadOptionChain } from './option-chain.js';

const fx = (name: string): string => join(fixturesDir(), 'chains', name);

function read(
  file: string,
  mapping: ChainMapping,
): { quotes: ImportedQuote[]; report: ReturnType<typeof importChainLines> } {
  const quotes: ImportedQuote[] = [];
  const report = importChainLines(fileLines(file), file, mapping, (q) => quotes.push(q));
  return { quotes, report };
}

test('the same two strikes written in each of the five layouts import as the same eight quotes', () => {
  const generic = parseMapping(readFileSync(fx('generic-mapping.yaml'), 'utf8'), 'generic-mapping.yaml');
  const runs = [
    read(fx('cboe-quotes_2024-01-05.csv'), BUILT_IN_MAPPINGS['cboe-quotes']),
    read(fx('datashop.csv'), BUILT_IN_MAPPINGS['cboe-datashop']),
    read(fx('optionsdx.txt'), BUILT_IN_MAPPINGS.optionsdx),
    read(fx('orats.csv'), BUILT_IN_MAPPINGS.orats),
    read(fx('generic.csv'), generic),
  ];
  const key = (q: ImportedQuote): string => `${q.strike}${q.isCall ? 'C' : 'P'}`;
  const canonical = runs.map((r) =>
    r.quotes.map((q) => ({ ...q })).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
  );
  for (const c of canonical) assert.deepEqual(c, canonical[0]);
  assert.equal(canonical[0].length, 4);
  assert.deepEqual(canonical[0][0], {
    quoteDay: isoToDay('2024-01-05'),
    root: 'SPX',
    expiry: isoToDay('2024-02-16'),
    strike: 4700,
    isCall: true,
    bid: 79.5,
    ask: 80.5,
  });
});

test('bad rows are skipped and counted by reason with the first place; a missing column stops with file, line, field', () => {
  const { quotes, report } = read(fx('bad-rows.csv'), BUILT_IN_MAPPINGS['cboe-datashop']);
  assert.equal(report.rows, 6);
  assert.equal(quotes.length, 1);
  assert.deepEqual(report.skipped, {
    'crossed quote': { count: 1, first: 'bad-rows.csv:3 [bid_eod]' },
    'strike off the grid': { count: 1, first: 'bad-rows.csv:4 [strike]' },
    'zero bid and ask': { count: 2, first: 'bad-rows.csv:5 [bid_eod]' },
    'unreadable value': { count: 1, first: 'bad-rows.csv:7 [bid_eod]' },
  });
  assert.throws(
    () => read(fx('missing-column.csv'), BUILT_IN_MAPPINGS['cboe-datashop']),
    (e: unknown) =>
      e instanceof DataError &&
      /^missing-column\.csv:1 \[ask_eod\]: missing column 'ask_eod'/.test(e.message),
  );
  assert.throws(
    () => parseMapping('layout: long\nexpiry: e\nstrike: k\n', 'm.yaml'),
    /m\.yaml: type: required with layout long/,
  );
  assert.throws(
    () => parseMapping('layout: long\nexpiry: e\nstrike: k\nstrikes: 1\n', 'm.yaml'),
    /m\.yaml: .*strikes/,
  );
});

test('the reference chains import as cboe-quotes: every two-sided quote of the loader, stored and read back', async () => {
  const file = join(sharedDataDir(), 'options', 'spx_chain_cboe_2022-06-10.csv');
  const store = await ChainStore.create();
  const report = store.transaction(() =>
    importChainLines(fileLines(file), file, BUILT_IN_MAPPINGS['cboe-quotes'], (q) => store.add(q)),
  );
  // The existing loader reads the same rows: quotes = both sides minus those skipped, nothing unaccounted.
  const chain = loadOptionChain(file);
  assert.equal(report.rows, chain.quotes.length);
  const skipped = Object.values(report.skipped).reduce((s, x) => s + x.count, 0);
  assert.equal(report.quotes + skipped, 2 * chain.quotes.length);
  const jul15 = store.quotesOn(isoToDay('2022-06-10'), 'SPX', isoToDay('2022-07-15'));
  const row = chain.quotes.find(
    (q) => q.root === 'SPX' && q.expiry === isoToDay('2022-07-15') && q.strike === 3900,
  )!;
  const put = jul15.find((q) => q.strike === 3900 && !q.isCall)!;
  assert.deepEqual([put.bid, put.ask], [row.putBid, row.putAsk]);
  // SPX and SPXW rows share the 3rd Friday: both roots kept, no quote replaced.
  assert.equal(store.replaced(), 0);
});
