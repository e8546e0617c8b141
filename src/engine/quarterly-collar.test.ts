// CLL's collar as the preset builds it (a quarterly core of index lots and a three-month put, a monthly call
// written per lot as a layer), checked on hand-made markets against the real calendar's roll days, the
// put's settlement against the index, and one quarter's P&L against the collar's closed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isoToDay } from '../core/dates.js';
import { packageRoot } from '../core/paths.js';
import type { ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import { loadStrategy, parseStrategyText } from '../strategy/load.js';
import { StrategyError } from '../core/errors.js';
import { needsVixComplex } from './run-backtest.js';
import { runScenario } from './scenario-panel.test-helper.js';

const CLL = readFileSync(resolve(packageRoot(), 'presets', 'cll.yaml'), 'utf8');
/** The preset without its cross-roll: the put held to its quarterly expiration whatever the calls do. */
const CLL_HELD = CLL.replace(/^ {2}cross_roll: true\n/m, '');

/** Ledger rows of one kind: the option series' expiry, right and strike parsed from the label. */
function optionRows(
  rows: { date: string; instrument: string; reason: string; quantity: number; price: number }[],
) {
  return rows.flatMap((r) => {
    const m = /^SPX (\d{4}-\d\d-\d\d) ([PC]) ([\d.]+)$/.exec(r.instrument);
    return m ? [{ ...r, expiry: m[1], right: m[2], strike: Number(m[3]) }] : [];
  });
}

const WAVE: ScenarioSpec = {
  from: '2023-01-03',
  to: '2024-01-31',
  spx: (k) => ({
    open: 3900 + 2 * k + 40 * Math.sin(k / 9),
    close: 3900 + 2 * k + 40 * Math.sin((k + 0.6) / 9),
  }),
  vix: (k) => 17 + 4 * Math.sin(k / 13),
};

test('cll: the put rolls on the quarterly standard expirations, the call on every monthly, at 95% down and 110% up', () => {
  const { book, panel } = runScenario(CLL, WAVE);
  const opens = optionRows(book.ledger).filter((r) => r.reason === 'open');
  const puts = opens.filter((r) => r.right === 'P');
  const calls = opens.filter((r) => r.right === 'C');
  // The 2023 calendar: third Fridays of March, June, September, December; each put held to the next one.
  assert.deepEqual(
    puts.map((r) => [r.date, r.expiry]),
    [
      ['2023-03-17', '2023-06-16'],
      ['2023-06-16', '2023-09-15'],
      ['2023-09-15', '2023-12-15'],
      ['2023-12-15', '2024-03-15'],
    ],
  );
  // A call on every monthly expiration from the first quarterly roll on (none before: no lots to cover).
  assert.deepEqual(
    calls.map((r) => [r.date, r.expiry]),
    [
      ['2023-03-17', '2023-04-21'],
      ['2023-04-21', '2023-05-19'],
      ['2023-05-19', '2023-06-16'],
      ['2023-06-16', '2023-07-21'],
      ['2023-07-21', '2023-08-18'],
      ['2023-08-18', '2023-09-15'],
      ['2023-09-15', '2023-10-20'],
      ['2023-10-20', '2023-11-17'],
      ['2023-11-17', '2023-12-15'],
      ['2023-12-15', '2024-01-19'],
      ['2024-01-19', '2024-02-16'],
    ],
  );
  const lotsOn = new Map(
    book.ledger
      .filter((r) => r.instrument === 'SPX index' && r.reason === 'open')
      .map((r) => [r.date, r.quantity]),
  );
  let lots = 0;
  for (const r of opens) {
    const i = panel.dates.indexOf(r.date);
    // The strike from the day's midrange (the scenario's high and low are its open and close), on the 5 grid.
    const mid = (panel.series.spxHigh[i] + panel.series.spxLow[i]) / 2;
    if (r.right === 'P') {
      lots = lotsOn.get(r.date)!;
      assert.equal(r.strike, Math.floor((0.95 * mid) / 5) * 5, r.date);
      assert.equal(r.quantity, lots, `${r.date}: one put per lot`);
    } else {
      assert.equal(r.strike, Math.ceil((1.1 * mid) / 5) * 5, r.date);
      assert.equal(r.quantity, -lots, `${r.date}: one call written per lot`);
    }
  }
});

/** Flat at 4000 to the first quarterly roll (2023-03-17), then a straight fall to `end` at the June one. */
function fall(end: number): ScenarioSpec {
  const roll = isoToDay('2023-03-17');
  const june = isoToDay('2023-06-16');
  const level = (iso: string): number => {
    const d = isoToDay(iso);
    return d <= roll ? 4000 : d >= june ? end : 4000 + ((end - 4000) * (d - roll)) / (june - roll);
  };
  return {
    from: '2023-01-03',
    to: '2023-06-16',
    spx: (_k, iso) => ({ open: level(iso), close: level(iso) }),
    vix: () => 20,
    rateAnnual: 0,
  };
}

test('a collar without the cross-roll: one quarter of a falling market loses the 5% to the put strike plus the net premium, whatever the fall', () => {
  assert.notEqual(CLL_HELD, CLL);
  const results = [3000, 3500].map((end) => {
    const { book, panel } = runScenario(CLL_HELD, fall(end));
    const roll = panel.dates.indexOf('2023-03-17');
    const last = panel.dates.indexOf('2023-06-16');
    const rows = optionRows(book.ledger);
    const put = rows.find((r) => r.right === 'P' && r.reason === 'open')!;
    const lots = put.quantity;
    assert.equal(put.strike, 3800);
    // The put settles at its strike less the index's print (no SOQ proxy in the scenario: the open).
    const settle = rows.find((r) => r.right === 'P' && r.reason.startsWith('expiry-settle'))!;
    assert.equal(settle.date, '2023-06-16');
    assert.ok(Math.abs(settle.price - (3800 - end)) < 1e-9, `${settle.price}`);
    // Premiums of the quarter's calls (written on 03-17, 04-21, 05-19), all struck above a falling index.
    const callOpens = rows.filter((r) => r.right === 'C' && r.reason === 'open' && r.expiry <= '2023-06-16');
    assert.equal(callOpens.length, 3);
    const calls = callOpens.reduce((s, r) => s + r.price, 0);
    const dividends = book.ledger
      .filter((r) => r.reason.startsWith('dividend'))
      .reduce((s, r) => s + r.cash, 0);
    // Closed form over the quarter (no rate, fills at mid): lots x 100 x (K - S0 - put premium + calls).
    const want = lots * 100 * (3800 - 4000 - put.price + calls) + dividends;
    const got = book.equity[last] - book.equity[roll - 1];
    // To a dollar: the ledger's prices are rounded to 1e-6 points, on some 250,000 contracts x 100.
    assert.ok(Math.abs(got - want) < 1, `end ${end}: ${got} vs ${want}`);
    return { got, dividends, lots, calls, putPremium: put.price };
  });
  // The floor: less dividends and the calls written after the fall began, the loss is the same for a fall to
  // 3500 as to 3000: 200 points and the put's premium per lot.
  const [a, b] = results;
  const floor = (r: typeof a): number => r.got - r.dividends - r.lots * 100 * r.calls;
  assert.equal(a.lots, b.lots);
  assert.equal(a.putPremium, b.putPremium);
  assert.ok(Math.abs(floor(a) - floor(b)) < 1, `${floor(a)} vs ${floor(b)}`);
  assert.ok(a.got < 0 && a.got > -0.1 * a.lots * 100 * 4000);
});

test('cll cross-roll: a call written below the put replaces the put at 95% with the same expiration, at no cost at mid', () => {
  const end = 3000;
  const rolled = runScenario(CLL, fall(end));
  const held = runScenario(CLL_HELD, fall(end));
  const { panel } = rolled;
  const rows = optionRows(rolled.book.ledger);
  const cross = rows.filter((r) => r.reason.startsWith('cross-roll'));
  // The fall reaches the 110% call below the 3800 put at the May monthly roll (index about 3308), not April's.
  assert.deepEqual(
    cross.map((r) => [r.date, r.right, r.expiry, r.quantity > 0 ? 'buy' : 'sell']),
    [
      ['2023-05-19', 'P', '2023-06-16', 'sell'],
      ['2023-05-19', 'P', '2023-06-16', 'buy'],
    ],
  );
  const [sold, bought] = cross;
  const i = panel.dates.indexOf('2023-05-19');
  const mid = (panel.series.spxHigh[i] + panel.series.spxLow[i]) / 2;
  assert.equal(sold.strike, 3800);
  assert.equal(bought.strike, Math.floor((0.95 * mid) / 5) * 5);
  const call = rows.find((r) => r.date === '2023-05-19' && r.right === 'C' && r.reason === 'open')!;
  assert.ok(call.strike < sold.strike, `${call.strike}`);
  assert.equal(bought.quantity, -sold.quantity);
  assert.match(
    (rolled.book.notes ?? []).join('\n'),
    /cross-roll: the core's put replaced on 1 day\(s\).*2023-05-19/,
  );
  // Trades at mid without costs move no value: equity is the held collar's to the roll day's close ...
  for (let k = 0; k <= i; k++)
    assert.ok(Math.abs(rolled.book.equity[k] - held.book.equity[k]) < 1e-3, panel.dates[k]);
  // ... and the quarter is the closed form with the replaced put: lots x 100 x (K_new - S0 - first put's
  // premium + the old put's sale - the new put's price + calls) plus dividends.
  const roll = panel.dates.indexOf('2023-03-17');
  const last = panel.dates.indexOf('2023-06-16');
  const put = rows.find((r) => r.right === 'P' && r.reason === 'open')!;
  const calls = rows
    .filter((r) => r.right === 'C' && r.reason === 'open' && r.expiry <= '2023-06-16')
    .reduce((sum, r) => sum + r.price, 0);
  const dividends = rolled.book.ledger
    .filter((r) => r.reason.startsWith('dividend'))
    .reduce((sum, r) => sum + r.cash, 0);
  const lots = put.quantity;
  const want =
    lots * 100 * (bought.strike - 4000 - put.price + sold.price - bought.price + calls) + dividends;
  const got = rolled.book.equity[last] - rolled.book.equity[roll - 1];
  assert.ok(Math.abs(got - want) < 1, `${got} vs ${want}`);
  // Selling the deep in-the-money put and buying one lower gives up protection as the fall goes on.
  assert.ok(got < held.book.equity[last] - held.book.equity[roll - 1]);
});

test('cll cross-roll: only SPX calls count, not the short leg of a VIX call spread a layer writes against the core', () => {
  // A VIX spread's short call (strike near 30, in VIX points) is "below" any SPX put; in a rising market no
  // SPX call is, so the put must stay where it was bought.
  const text = `${CLL}  - name: vix
    entry_on: daily
    trigger: always
    max_open: 1
    use:
      - instrument: { type: vix_call_spread, expiry: { nth: 1 }, long_delta: 0.3, short_strike_offset: 10 }
        sizing: { basis: contracts, count: 10 }
`;
  const { book } = runScenario(text, WAVE);
  const vixShorts = book.ledger.filter((r) => r.sleeve === 'vix' && r.reason === 'open' && r.quantity < 0);
  assert.ok(vixShorts.length >= 5, `${vixShorts.length} VIX calls written`);
  assert.deepEqual(
    book.ledger.filter((r) => r.reason.startsWith('cross-roll')).map((r) => `${r.date} ${r.instrument}`),
    [],
  );
  assert.ok(!(book.notes ?? []).some((n) => n.startsWith('cross-roll')));
});

/** The preset with its one put leg replaced by `legs` (YAML flow lines, indented as the preset's). */
function withPuts(...legs: string[]): string {
  const put =
    '    - { right: put, side: long, strike: { percent_of_spot: 0.95, round: down, spot: midrange } }\n';
  const text = CLL.replace(put, legs.map((leg) => `    - ${leg}\n`).join(''));
  assert.notEqual(text, CLL);
  return text;
}

/** Asserts that the strategy text is refused in one StrategyError naming `keyPath`, its message matching. */
function refused(text: string, keyPath: string, message: RegExp): void {
  assert.throws(
    () => parseStrategyText(text, 'x.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof StrategyError, String(err));
      assert.equal(err.keyPath, keyPath);
      assert.match(err.message, message);
      return true;
    },
  );
}

test('a cross-roll needs one long put struck by delta or percent_of_spot: one line with the key path', () => {
  const put = '{ right: put, side: long, strike: { percent_of_spot: 0.95, round: down, spot: midrange } }';
  refused(
    withPuts(put, '{ right: put, side: long, strike: { percent_of_spot: 0.9 } }'),
    'condor.cross_roll',
    /found 2 long put/,
  );
});

test('a cross-roll moves the long put alone: a leg struck from it is refused, with the key path', () => {
  const spread = withPuts(
    '{ name: p, right: put, side: long, strike: { percent_of_spot: 0.95, round: down, spot: midrange } }',
    '{ right: put, side: short, strike: { from: p, points: -200 } }',
  );
  refused(spread, 'condor.legs[1].strike.from', /keep its old strike/);
  // Without the cross-roll the same structure is a put-spread collar.
  assert.doesNotThrow(() => parseStrategyText(spread.replace(/^ {2}cross_roll: true\n/m, ''), 'x.yaml'));
});

test('layers that trade SPX options and read no market signal keep a book in the SPX-and-VIX window', () => {
  const vixComplex = (name: string): boolean => needsVixComplex([loadStrategy(name).strategy]);
  assert.equal(vixComplex('cll'), false);
  assert.equal(vixComplex('put-spread'), false);
  assert.equal(vixComplex('alvh'), true);
  assert.equal(vixComplex('vxth'), true);
  // Beside a baseline that trades the VIX complex, the run takes the complex's window.
  assert.equal(needsVixComplex([loadStrategy('put-spread').strategy, loadStrategy('vxth').strategy]), true);
  // A market signal in the call layer's trigger, a choice's `when` or an exit puts the book on it too.
  const withText = (from: string, to: string): boolean => {
    const text = CLL.replace(from, to);
    assert.notEqual(text, CLL, from);
    return needsVixComplex([parseStrategyText(text, 'x.yaml').strategy]);
  };
  assert.equal(withText('trigger: always', 'trigger: rsi14 < 70'), true);
  assert.equal(withText('trigger: always', 'trigger: open_condors > 0'), false);
  assert.equal(withText('    max_open: 1\n', '    max_open: 1\n    exits: { when: vix > 40 }\n'), true);
  assert.equal(
    withText('      - instrument:\n', '      - when: backwardation > 0\n        instrument:\n'),
    true,
  );
  // A VIX instrument in a layer needs the futures whatever it reads.
  const text = readFileSync(resolve(packageRoot(), 'presets', 'alvh.yaml'), 'utf8');
  const alvh = parseStrategyText(text, 'x.yaml').strategy;
  const l1Only = { ...alvh, layers: alvh.layers.slice(0, 1).map((l) => ({ ...l, trigger: 'always' })) };
  assert.equal(needsVixComplex([l1Only]), true);
});

test('a written spx_call must be covered by the core index lots: one line with the key path', () => {
  const cases = [
    CLL.replace('basis: condor_index_lots, fraction: 1', 'basis: equity, fraction: 0.01'),
    CLL.replace('basis: condor_index_lots, fraction: 1', 'basis: condor_index_lots, fraction: 2'),
    CLL.replace('  index: { lots: 1 }\n', ''),
  ];
  for (const text of cases) refused(text, 'layers[0].use[0].sizing', /covered by the core's index lots/);
  assert.throws(
    () => parseStrategyText(CLL.replace(/^ {2}expirations: quarterly$/m, '  expirations: yearly'), 'x.yaml'),
    /condor\.expirations/,
  );
});
