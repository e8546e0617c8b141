// The engine's rules around entries and exits: collateral, SPXW weekdays, legs without a bid, the VIX
// front month, rules that say "no position", retries after a failed entry, and the CNDR-style roll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dayToIso, isoToDay, weekday } from '../core/dates.js';
import { presetPath } from '../strategy/load.js';
import { chooseVixExpiry } from '../strategy/expiry-rules.js';
import { ModelView } from '../view/model-view.js';
import type { ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import { condorWithVixCalls, runScenario } from './scenario-panel.test-helper.js';
import type { BookResult } from './result.js';

const FLAT: Omit<ScenarioSpec, 'from' | 'to'> = { spx: () => ({ open: 4700, close: 4700 }), vix: () => 13 };

const opened = (book: BookResult): string[] =>
  book.ledger
    .filter(
      (t) => t.sleeve === 'core' && t.reason === 'open' && t.quantity < 0 && t.instrument.includes(' P '),
    )
    .map((t) => `${t.date} -> ${t.instrument.split(' ')[1]}`);

const skips = (book: BookResult, pattern: RegExp): string[] =>
  book.skipped.filter((s) => pattern.test(s.reason)).map((s) => `${s.date} ${s.reason}`);

test('a position whose margin does not fit in free collateral is refused and reported', () => {
  // risk_fraction 1: the first condor ties up all the equity (margin = max loss), so neither the VIX calls
  // bought with it nor the next month's condor fit until it settles.
  const { book } = runScenario(
    condorWithVixCalls('{ risk_fraction: 1, profit_take: null, stop_loss_multiple: null }', 2, 0.3),
    { from: '2024-01-02', to: '2024-02-16', ...FLAT },
  );
  assert.deepEqual(opened(book), ['2024-01-02 -> 2024-02-16']);
  assert.equal(book.ledger.filter((t) => t.sleeve === 'L1').length, 0);
  assert.deepEqual(skips(book, /collateral/).slice(0, 3), [
    '2024-01-02 L1: not enough free collateral',
    '2024-01-30 condor 2024-03-15: not enough free collateral',
    '2024-01-31 condor 2024-03-15: not enough free collateral',
  ]);
  // Every day from the v1.1 entry day of 2024-03-15 (45 days ahead, 2024-01-30) to 40 days ahead is tried
  // and reported: Jan 30, Jan 31, Feb 1, Feb 2.
  assert.equal(skips(book, /condor 2024-03-15: not enough free collateral/).length, 4);
});

test('weekly condors trade SPXW Friday expirations unless the file names other weekdays', () => {
  // Runs from 2024-01-22 enter expirations in March, where no holiday moves a weekly to another weekday.
  const weekly = (extra: string): BookResult =>
    runScenario(
      `
version: 1
name: weekly
title: weekly
condor: { expirations: weekly, profit_take: null, stop_loss_multiple: null${extra} }
`,
      { from: '2024-01-22', to: '2024-02-02', ...FLAT },
    ).book;
  const expiries = (book: BookResult): number[] =>
    opened(book).map((row) => weekday(isoToDay(row.split(' -> ')[1])));
  const fridays = expiries(weekly(''));
  assert.ok(fridays.length >= 2);
  assert.deepEqual(new Set(fridays), new Set([5]), 'Fridays only by default');
  const monWed = expiries(weekly(', weekdays: [mon, wed]'));
  assert.ok(monWed.length >= 4);
  assert.deepEqual(new Set(monWed), new Set([1, 3]));
});

test('closing: a long leg without a bid is left to expire worthless; a short one is bought back at one tick', () => {
  // Held to 2 days before expiration in a flat market, the 4865 short call has a model mid of 0 and the
  // 4910 long call too; the puts still have some value (the skew).
  const { book } = runScenario(
    `
version: 1
name: exit
title: time exit
condor: { profit_take: null, stop_loss_multiple: null, time_exit_dte: 2 }
`,
    { from: '2024-01-02', to: '2024-02-16', ...FLAT },
  );
  const exits = book.ledger.filter((t) => t.date === '2024-02-14');
  assert.deepEqual(
    exits.map((t) => [t.instrument, t.quantity, t.price, t.cost, t.cash + 0]),
    [
      // A long put with a bid (mid 0.0566, above one tick) is sold: mid less half the half-spread.
      ['SPX 2024-02-16 P 4435', -28, 0.02983, 28, 55.522941],
      ['SPX 2024-02-16 P 4480', 28, 0.153387, 28, -457.482748],
      // Short call with a mid below one tick: bought back at one tick, 0.05: 28 x 0.05 x 100 + $28 = 168.
      ['SPX 2024-02-16 C 4865', 28, 0.05, 28, -168],
      // Long call without a bid: no fill, no commission, no cash; the ledger says why.
      ['SPX 2024-02-16 C 4910', -28, 0, 0, 0],
    ],
  );
  assert.match(exits[3].reason, /^time-exit: no bid \(model 0 below one tick\), left to expire worthless$/);
  assert.equal(book.ledger.filter((t) => t.date === '2024-02-16').length, 0, 'nothing is left to settle');
});

test("a VIX 'front month' with min_dte skips an expiration a few days away", () => {
  const { market, panel } = runScenario('version: 1\nname: t\ntitle: t\n', {
    from: '2024-01-02',
    to: '2024-01-31',
    ...FLAT,
  });
  const i = panel.dates.indexOf('2024-01-16'); // the day before the 2024-01-17 VIX expiration
  const view = new ModelView(market).moveTo(i);
  const pick = (rule: Parameters<typeof chooseVixExpiry>[1]): string => {
    const e = chooseVixExpiry(view, rule);
    return typeof e === 'string' ? e : dayToIso(e);
  };
  assert.equal(pick({ nth: 1, min_dte: 0 }), '2024-01-17');
  assert.equal(pick({ nth: 1, min_dte: 7 }), '2024-02-14');
  assert.equal(pick({ nth: 2, min_dte: 7 }), '2024-03-20');
  const alvh = readFileSync(presetPath('alvh'), 'utf8');
  assert.match(alvh, /type: vix_call, expiry: \{ nth: 1, min_dte: 7 \}, delta: 0\.50/);
});

test('a VXTH band of weight 0% is the rule saying "no position", not a skip', () => {
  const { book } = runScenario(
    `
version: 1
name: vxth
title: vxth
condor: { profit_take: null, stop_loss_multiple: null }
layers:
  - name: vxth
    entry_on: vix_expiration
    trigger: always
    use:
      - instrument: { type: vix_call, expiry: { nth: 1 }, delta: 0.3 }
        sizing:
          basis: front_future_bands
          bands: [{ up_to: 15, weight: 0 }, { up_to: null, weight: 0.01 }]
`,
    // VIX 13: the front future is 13 + 1.5 x sqrt(dte / 30), 14.0 to 14.8 here: in the 0% band.
    { from: '2024-01-02', to: '2024-03-29', ...FLAT },
  );
  assert.deepEqual(skips(book, /vxth/), []);
  assert.equal(book.ledger.filter((t) => t.sleeve === 'vxth').length, 0);
  assert.deepEqual(book.notes, [
    'layer vxth: weight 0% in this band on 3 entry day(s) (the front VIX future lay in a 0% band): no position, as the rule says',
  ]);
});

test('a financing layer sized on a disabled layer says so on each day it would trade', () => {
  const { book } = runScenario(
    `
version: 1
name: fin
title: financing without L1
condor: { profit_take: null, stop_loss_multiple: null }
layers:
  - name: L1
    enabled: false
    entry_on: condor_entry
    trigger: always
    use:
      - instrument: { type: vix_call, expiry: { nth: 2 }, delta: 0.2 }
        sizing: { basis: condor_credit, fraction: 0.1, of: entering }
  - name: financing
    entry_on: daily
    trigger: always
    use:
      - instrument:
          type: spx_call_credit_spread
          expiry: { expirations: weekly, min_dte: 5, max_dte: 9 }
          short_delta: 0.05
          width_percent: 0.01
        sizing: { basis: layer_month_spend, layer: L1, fraction: 1 }
`,
    { from: '2024-01-02', to: '2024-01-12', ...FLAT },
  );
  const reported = skips(book, /financing/);
  assert.equal(reported.length, 9, 'every trading day of the run');
  assert.equal(reported[0], '2024-01-02 financing: sized on what L1 spends each month, but L1 is disabled');
});

test('an expiration counts as entered only once a condor opens on it: a failed day is tried again', () => {
  // $30,000 at 10% risk: on 2024-01-02 (SPX 4700, 45-point wings) one condor risks about $3,500, so the
  // size rounds to zero; from 2024-01-03 (SPX 2500, 25-point wings) one condor fits.
  const { book } = runScenario(
    `
version: 1
name: small
title: small account
capital: 30000
condor: { profit_take: null, stop_loss_multiple: null }
`,
    {
      from: '2024-01-02',
      to: '2024-01-10',
      spx: (k) => (k === 0 ? { open: 4700, close: 4700 } : { open: 2500, close: 2500 }),
      vix: () => 13,
    },
  );
  assert.deepEqual(skips(book, /condor/), ['2024-01-02 condor 2024-02-16: size rounds to zero contracts']);
  assert.deepEqual(opened(book), ['2024-01-03 -> 2024-02-16']);
});

test('an AM settlement on an open equal to the previous close is listed by the book', () => {
  // SPX closes at 4700 until 2024-03-01, then at 4650. Expiration days: 2024-02-16 opens at 4700 and
  // 2024-03-15 at 4650, each exactly the previous close (no opening print); 2024-04-19 opens at 4660.
  const { book } = runScenario(
    'version: 1\nname: t\ntitle: t\ncondor: { profit_take: null, stop_loss_multiple: null }\n',
    {
      from: '2024-01-02',
      to: '2024-04-19',
      spx: (_k, iso) => ({
        open: iso === '2024-04-19' ? 4660 : iso <= '2024-03-01' ? 4700 : 4650,
        close: iso < '2024-03-01' ? 4700 : 4650,
      }),
      vix: () => 13,
    },
  );
  assert.ok(book.ledger.some((t) => t.date === '2024-04-19' && t.reason === 'expiry-settle at 4660'));
  assert.deepEqual(book.carriedOpenSettlements, ['2024-02-16', '2024-03-15']);
});

test('am_settlement spy_open_proxy: AM legs settle on the SOQ proxy, else on the open, and the run says so', () => {
  // As above; the proxy is 4720 on 2024-02-16, missing on 2024-03-15 (the carried open 4650 is used and
  // listed) and 4671 on 2024-04-19 (the open 4660 is not used).
  const proxy: Record<string, number> = { '2024-02-16': 4720, '2024-04-19': 4671 };
  const spec = {
    from: '2024-01-02',
    to: '2024-04-19',
    spx: (_k: number, iso: string) => ({
      open: iso === '2024-04-19' ? 4660 : iso <= '2024-03-01' ? 4700 : 4650,
      close: iso < '2024-03-01' ? 4700 : 4650,
    }),
    vix: () => 13,
    soqProxy: (_k: number, iso: string) => proxy[iso] ?? NaN,
  };
  const text =
    'version: 1\nname: t\ntitle: t\nam_settlement: spy_open_proxy\ncondor: { profit_take: null, stop_loss_multiple: null }\n';
  const { book } = runScenario(text, spec);
  const settled = (date: string): string[] => [
    ...new Set(
      book.ledger.filter((t) => t.date === date && /^expiry-settle/.test(t.reason)).map((t) => t.reason),
    ),
  ];
  assert.deepEqual(settled('2024-02-16'), ["expiry-settle at 4720 (SOQ proxy from SPY's open)"]);
  assert.deepEqual(settled('2024-03-15'), ['expiry-settle at 4650']);
  assert.deepEqual(settled('2024-04-19'), ["expiry-settle at 4671 (SOQ proxy from SPY's open)"]);
  assert.deepEqual(book.carriedOpenSettlements, ['2024-03-15']);
  assert.ok(
    book.notes!.includes(
      "AM settlement on the SOQ proxy from SPY's open: 2 expiration day(s); 1 without one (no SPY prices that day or the day before, or outside the dividends on file) settled on the SPX open: 2024-03-15",
    ),
    book.notes!.join('\n'),
  );
  // Data without SPY prices (no proxy at all): every AM leg settles on the open, and the note says why.
  const bare = runScenario(text, { ...spec, soqProxy: undefined }).book;
  assert.deepEqual(bare.carriedOpenSettlements, ['2024-02-16', '2024-03-15']);
  assert.ok(
    bare.notes!.some((n) =>
      /the data hold no SPY prices \(manifest target 'spy'\), so all 3 expiration day\(s\) settled on the SPX open/.test(
        n,
      ),
    ),
    bare.notes!.join('\n'),
  );
});

test('the CNDR roll: a condor sold on each monthly expiration day, at the next one, held to expiration', () => {
  const text = readFileSync(presetPath('cndr'), 'utf8');
  const { book, strategy } = runScenario(text, { from: '2024-01-02', to: '2024-04-19', ...FLAT });
  assert.deepEqual(strategy.condor.entry, { rule: 'roll_at_expiration' });
  assert.deepEqual(strategy.condor.wings, { rule: 'delta', delta: 0.05 });
  assert.equal(strategy.condor.short_delta, 0.2);
  assert.equal(strategy.condor.risk_fraction, 0.1);
  assert.deepEqual([strategy.condor.profit_take, strategy.condor.stop_loss_multiple], [null, null]);
  assert.deepEqual(strategy.layers, []);
  // The run starts between two expirations: it waits for the first expiration day inside it (2024-01-19),
  // then rolls on each one, after the expiring condor has settled on that morning's open.
  assert.deepEqual(opened(book), [
    '2024-01-19 -> 2024-02-16',
    '2024-02-16 -> 2024-03-15',
    '2024-03-15 -> 2024-04-19',
    '2024-04-19 -> 2024-05-17',
  ]);
  const reasons = new Set(book.ledger.map((t) => t.reason.replace(/ at .*/, '')));
  assert.deepEqual(reasons, new Set(['open', 'expiry-settle']), 'no exit but expiration');
  // Sized so a tenth of equity is at risk: contracts x max loss fits in 10% of equity, one more would not.
  const first = book.ledger.filter((t) => t.date === '2024-01-19');
  const units = first[0].quantity;
  const strikes = first.map((t) => Number(t.instrument.split(' ')[3]));
  const credit = -first.reduce((s, t) => s + (t.quantity / units) * t.price, 0);
  const maxLoss = (Math.max(strikes[1] - strikes[0], strikes[3] - strikes[2]) - credit) * 100;
  const equity = book.equity[book.dates.indexOf('2024-01-18')];
  assert.ok(
    units * maxLoss <= 0.1 * equity && (units + 1) * maxLoss > 0.1 * equity,
    `${units} x ${maxLoss} vs ${equity}`,
  );
  assert.deepEqual(skips(book, /condor/), []);
});
