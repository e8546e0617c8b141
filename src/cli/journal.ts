// `alvh journal run` records the day's decision (orders filled at the model price, positions, signals) in
// the paper-trading journal; `alvh journal show` prints it.
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { decideDay } from '../live/daily-signal.js';
import { Journal } from '../live/journal-store.js';
import { shouldUseColor } from '../report/table.js';
import { loadStrategy } from '../strategy/load.js';
import { addMarketOptions, marketFromOptions, type MarketOptions } from './market-options.js';
import { dateOption } from './option-values.js';
import { ordersTable, simpleTable } from './simple-table.js';

interface JournalRunOptions extends MarketOptions {
  journal: string;
  date?: string;
  strategy: string;
}

interface JournalShowOptions {
  journal: string;
  date?: string;
}

export function register(program: Command): void {
  const journal = program.command('journal').description('the paper-trading journal (an SQLite file)');
  const run = journal
    .command('run')
    .description(
      "record the day's orders, positions and signals in the journal (re-running a day replaces it)",
    )
    .option('-j, --journal <file>', 'journal file', 'alvh-journal.sqlite')
    .option(
      '--date <date>',
      "the day (YYYY-MM-DD; default: the last day of data, or the strategy's dates.to)",
      dateOption('--date'),
    )
    .option('-s, --strategy <file|preset>', 'strategy file or preset', 'alvh');
  addMarketOptions(run);
  run.action(async (opts: JournalRunOptions) => {
    const strategy = loadStrategy(opts.strategy);
    // Opened first: a bad path, a busy journal or a file that is not a journal fails before the replay.
    const j = await Journal.open(opts.journal);
    if (j.lockTakenOver !== null) process.stderr.write(`alvh: note: ${j.lockTakenOver}\n`);
    try {
      const market = await marketFromOptions(opts);
      const decision = decideDay(market.panel, strategy, opts.date);
      const change = j.recordDay({
        date: decision.date,
        equity: decision.equity,
        cash: decision.equity - decision.positions.reduce((s, p) => s + p.value, 0),
        strategyHash: decision.strategy.hash,
        dataFingerprint: decision.data.fingerprint,
        dataLast: decision.data.last,
        orders: decision.orders.map((o) => ({
          book: decision.strategy.name,
          sleeve: o.sleeve,
          instrument: o.instrument,
          quantity: o.quantity,
          price: o.price,
          modelPrice: o.modelPrice,
          cost: o.cost,
          cash: o.cash,
          reason: o.reason,
        })),
        positions: decision.positions.map((p) => ({
          sleeve: p.sleeve,
          instrument: p.instrument,
          quantity: p.quantity,
          mark: p.mark,
        })),
        signals: decision.signals.map((s) => ({ name: s.name, value: s.value })),
      });
      if (change !== null) process.stderr.write(`alvh: warning: ${change}\n`);
      process.stdout.write(
        `${market.banner}\nrecorded ${decision.date} in ${opts.journal}: ${decision.orders.length} order(s), ${decision.positions.length} open leg(s), equity ${decision.equity.toFixed(2)}\n`,
      );
    } finally {
      j.close();
    }
  });
  journal
    .command('show')
    .description(
      'print the journal: equity by day, and the orders and positions of a day (default: the last)',
    )
    .option('-j, --journal <file>', 'journal file', 'alvh-journal.sqlite')
    .option('--date <date>', 'the day whose orders and positions to print', dateOption('--date'))
    .action(async (opts: JournalShowOptions) => {
      const j = await Journal.open(opts.journal, { mustExist: true });
      if (j.lockTakenOver !== null) process.stderr.write(`alvh: note: ${j.lockTakenOver}\n`);
      try {
        const days = j.days();
        const color = shouldUseColor(process.stdout);
        if (days.length === 0) {
          process.stdout.write(`${opts.journal}: no day recorded yet ('alvh journal run' records one)\n`);
          return;
        }
        const date = opts.date ?? days[days.length - 1].date;
        if (!days.some((d) => d.date === date))
          throw new ArgumentError(
            `--date: ${date} is not in the journal (${days.length} day(s) from ${days[0].date} to ${days[days.length - 1].date})`,
          );
        const first = days[0].equity;
        process.stdout.write(
          simpleTable(
            ['date', 'equity', 'P&L since start', 'strategy', 'data (fingerprint, last day)'],
            days.map((d) => [
              d.date,
              d.equity.toFixed(2),
              (d.equity - first).toFixed(2),
              d.strategyHash,
              d.dataLast === null ? d.dataFingerprint : `${d.dataFingerprint} ${d.dataLast}`,
            ]),
            color,
            ['left', 'right', 'right'],
          ) + '\n\n',
        );
        const orders = j.ordersOn(date);
        process.stdout.write(`orders on ${date}:\n`);
        process.stdout.write((orders.length === 0 ? '  none' : ordersTable(orders, color)) + '\n\n');
        process.stdout.write(`positions at the close of ${date}:\n`);
        process.stdout.write(
          simpleTable(
            ['sleeve', 'instrument', 'qty', 'mark'],
            j.positionsOn(date).map((p) => [p.sleeve, p.instrument, String(p.quantity), p.mark.toFixed(2)]),
            color,
          ) + '\n',
        );
      } finally {
        j.close();
      }
    });
}
