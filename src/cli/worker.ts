// `alvh worker`: runs study chunks from a Redis queue on this machine's data until stopped (Ctrl-C or
// SIGTERM: the running chunks finish first) or until a job for other data or another version is refused.
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { parseRedisUrl } from '../study/queue/redis-url.js';
import { runQueueWorkers } from '../study/queue/worker-pool.js';
import {
  addHistoryOption,
  addMarketOptions,
  marketSourceFromOptions,
  type MarketOptions,
} from './market-options.js';
import { parsePositiveInt } from './option-values.js';

interface WorkerCliOptions extends MarketOptions {
  queue?: string;
  concurrency: string;
  stallSeconds: string;
}

/** Exit status of a worker that refused a job (systemd units set RestartPreventExitStatus=3). */
export const REFUSED_EXIT = 3;

export function register(program: Command): void {
  const cmd = program
    .command('worker')
    .description('run study configurations from a Redis queue (see docs/distributed.md)')
    .option('--queue <url>', 'the queue: redis://[:password@]HOST:PORT[/DB]')
    .option('--concurrency <n>', 'chunks run at once, one thread each', '1')
    .option(
      '--stall-seconds <n>',
      'how long a chunk stays locked without renewal: a killed worker loses its chunk after about this long',
      '30',
    );
  addHistoryOption(addMarketOptions(cmd)).action(async (opts: WorkerCliOptions) => {
    if (opts.queue === undefined) throw new ArgumentError('--queue <url> is required');
    parseRedisUrl(opts.queue);
    const source = marketSourceFromOptions(opts);
    const controller = new AbortController();
    const stop = (): void => {
      process.stderr.write('alvh worker: stopping after the running chunks\n');
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const outcome = await runQueueWorkers({
      url: opts.queue,
      source,
      concurrency: parsePositiveInt(opts.concurrency, '--concurrency', 256),
      stallSeconds: parsePositiveInt(opts.stallSeconds, '--stall-seconds', 3600),
      onLog: (line) => process.stdout.write(`${line}\n`),
      signal: controller.signal,
    });
    process.stdout.write(`alvh worker: ${outcome.chunks} chunk(s), ${outcome.configs} configuration(s)\n`);
    if (outcome.refused !== null) {
      process.stderr.write(`alvh: ${outcome.refused}\n`);
      process.exitCode = REFUSED_EXIT;
    }
  });
}
