// `alvh signal`: the day's signals, layer states and orders, as a table or as JSON.
import type { Command } from 'commander';
import { decideDay, type DailyDecision } from '../live/daily-signal.js';
import { shouldUseColor } from '../report/table.js';
import { ordersTable, simpleTable } from './simple-table.js';
import { loadStrategy } from '../strategy/load.js';
import {
  addHistoryOption,
  addMarketOptions,
  marketFromOptions,
  type MarketOptions,
} from './market-options.js';
import { dateOption, parsePositiveInt, parsePositiveNumber } from './option-values.js';
import { sizeForAccount, type AccountSizing } from '../live/account-sizing.js';

interface SignalCliOptions extends MarketOptions {
  date?: string;
  strategy: string;
  json: boolean;
  strict: boolean;
  equity?: number;
  staleDays: number;
}

const holdsText = (x: boolean | null): string => (x === null ? 'unknown' : x ? 'yes' : 'no');

/** The inputs' as-of dates, stale and missing first, those the rules read marked. */
function inputLines(d: DailyDecision): string[] {
  const out = d.stale_inputs.map(
    (s) =>
      `STALE INPUT: ${s.input} ${s.last_date === null ? 'has no value on or before this day' : `last ${s.last_date}, ${s.trading_days_stale} trading day(s) old`}`,
  );
  out.push(
    `inputs as of: ${d.inputs
      .map(
        (a) =>
          `${a.input} ${a.last_date ?? 'missing'}${a.status === 'fresh' ? '' : ` (${a.status})`}${a.used ? '' : ' [not read]'}`,
      )
      .join(', ')}`,
  );
  return out;
}

function fmt(x: number | null): string {
  return x === null ? '-' : Math.abs(x) >= 100 ? x.toFixed(2) : x.toFixed(4);
}

export function renderDecision(d: DailyDecision, color: boolean): string {
  const out: string[] = [];
  out.push(
    `${d.strategy.title} on ${d.date} (${d.data.source === 'synthetic' ? 'SYNTHETIC: ' : ''}${d.data.description}; strategy ${d.strategy.hash}, data ${d.data.fingerprint})`,
  );
  out.push(...inputLines(d));
  out.push(`equity at the close: ${d.equity.toFixed(2)}`);
  out.push('');
  out.push(
    simpleTable(
      ['layer', 'trigger', 'today', 'terms', 'holding'],
      d.layers.map((l) => [
        l.name,
        l.trigger,
        l.triggerHolds === null ? 'unknown' : l.triggerHolds ? 'ON' : 'off',
        l.terms.map((t) => `${t.text}: ${holdsText(t.holds)}`).join('; '),
        l.active ? 'yes' : 'no',
      ]),
      color,
    ),
  );
  out.push('');
  out.push(d.orders.length === 0 ? 'orders: none today' : ordersTable(d.orders, color));
  for (const n of d.notes) out.push(`note: ${n}`);
  out.push('');
  out.push(
    simpleTable(
      ['held at the close', 'sleeve', 'qty', 'mark', 'value'],
      d.positions.map((p) => [
        p.instrument,
        p.sleeve,
        String(p.quantity),
        p.mark.toFixed(2),
        p.value.toFixed(2),
      ]),
      color,
    ),
  );
  out.push('');
  out.push(
    simpleTable(
      ['signal', 'value', 'threshold in triggers', 'meaning'],
      d.signals.map((s) => [s.name, fmt(s.value), s.thresholds.join('; '), s.description]),
      color,
    ),
  );
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('signal')
    .description("the day's signals, which layers are on and why, and the orders the rules call for")
    .option(
      '--date <date>',
      "the day (YYYY-MM-DD; default: the last day of data, or the strategy's dates.to)",
      dateOption('--date'),
    )
    .option('-s, --strategy <file|preset>', 'strategy file or preset', 'alvh')
    .option('--json', 'print the decision as JSON', false)
    .option('--strict', 'exit with code 3 when an input the strategy reads is stale or missing', false)
    .option(
      '--stale-days <n>',
      'an input older than this many trading days is stale',
      (t: string) => parsePositiveInt(t, '--stale-days', 1000),
      3,
    )
    .option(
      '--equity <dollars>',
      "size the day's orders for an account of this equity (default: the replayed book's)",
      (t: string) => parsePositiveNumber(t, '--equity'),
    );
  addMarketOptions(cmd);
  addHistoryOption(cmd);
  cmd.action(async (opts: SignalCliOptions) => {
    const market = await marketFromOptions(opts);
    const decision = decideDay(market.panel, loadStrategy(opts.strategy), opts.date, {
      staleAfterDays: opts.staleDays,
    });
    const sizing =
      opts.equity === undefined ? null : sizeForAccount(decision.orders, decision.equity, opts.equity);
    if (opts.json) process.stdout.write(JSON.stringify({ ...decision, account: sizing }, null, 2) + '\n');
    else {
      const color = shouldUseColor(process.stdout);
      const notes = market.notes.map((n) => `  ${n}\n`).join('');
      process.stdout.write(market.banner + '\n' + notes + '\n' + renderDecision(decision, color) + '\n');
      if (sizing !== null) process.stdout.write('\n' + renderSizing(sizing, color) + '\n');
    }
    if (opts.strict && decision.stale_inputs.length > 0) {
      process.stderr.write(
        `alvh: --strict: stale or missing input(s): ${decision.stale_inputs.map((s) => `${s.input} (last ${s.last_date ?? 'never'})`).join(', ')}\n`,
      );
      process.exitCode = 3;
    }
  });
}

function renderSizing(s: AccountSizing, color: boolean): string {
  const head = `orders for an account of ${s.account_equity.toLocaleString('en-US')} (x ${s.factor} of the replayed book's ${s.book_equity.toLocaleString('en-US')}; whole contracts, 0 = too small for one)`;
  if (s.orders.length === 0) return `${head}: none today`;
  return `${head}\n${simpleTable(
    ['sleeve', 'instrument', 'reason', 'book qty', 'your qty'],
    s.orders.map((o) => [o.sleeve, o.instrument, o.reason, String(o.replayed_quantity), String(o.quantity)]),
    color,
  )}`;
}
