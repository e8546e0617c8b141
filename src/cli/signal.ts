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
import { dateOption } from './option-values.js';

interface SignalCliOptions extends MarketOptions {
  date?: string;
  strategy: string;
  json: boolean;
}

function fmt(x: number | null): string {
  return x === null ? '-' : Math.abs(x) >= 100 ? x.toFixed(2) : x.toFixed(4);
}

export function renderDecision(d: DailyDecision, color: boolean): string {
  const out: string[] = [];
  out.push(
    `${d.strategy.title} on ${d.date} (${d.data.source === 'synthetic' ? 'SYNTHETIC: ' : ''}${d.data.description}; strategy ${d.strategy.hash}, data ${d.data.fingerprint})`,
  );
  out.push(`equity at the close: ${d.equity.toFixed(2)}`);
  out.push('');
  out.push(
    simpleTable(
      ['layer', 'trigger', 'today', 'terms', 'holding'],
      d.layers.map((l) => [
        l.name,
        l.trigger,
        l.triggerHolds ? 'ON' : 'off',
        l.terms.map((t) => `${t.text}: ${t.holds ? 'yes' : 'no'}`).join('; '),
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
    .option('--json', 'print the decision as JSON', false);
  addMarketOptions(cmd);
  addHistoryOption(cmd);
  cmd.action((opts: SignalCliOptions) => {
    const market = marketFromOptions(opts);
    const decision = decideDay(market.panel, loadStrategy(opts.strategy), opts.date);
    if (opts.json) process.stdout.write(JSON.stringify(decision, null, 2) + '\n');
    else
      process.stdout.write(
        [market.banner, ...market.notes.map((n) => `  ${n}`)].join('\n') +
          '\n\n' +
          renderDecision(decision, shouldUseColor(process.stdout)) +
          '\n',
      );
  });
}
