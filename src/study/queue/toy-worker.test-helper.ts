// Test helper: a worker process on the study queue whose "configuration run" is a hash of the id, slow
// enough (--delay ms each) for a test to kill it mid-chunk. argv: URL FINGERPRINT DELAY_MS STALL_SECONDS
import { createHash } from 'node:crypto';
import { parseRedisUrl } from './redis-url.js';
import { runQueueWorker } from './worker.js';

const [url, fingerprint, delayMs, stallSeconds] = process.argv.slice(2);
export function toyResult(id: string, shared: unknown, job: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([id, shared, job]))
    .digest('hex');
}

if (url !== undefined) {
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  const outcome = await runQueueWorker({
    address: parseRedisUrl(url),
    identity: { version: 'test', fingerprint, dataLabel: 'toy data' },
    concurrency: 1,
    stallSeconds: Number(stallSeconds),
    signal: controller.signal,
    onLog: (line) => process.stdout.write(`${line}\n`),
    handle: async (shared, configs) => {
      process.stdout.write(`started ${configs[0]?.id ?? ''}\n`);
      const out = [];
      for (const c of configs) {
        await new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
        out.push({ id: c.id, encoded: Buffer.from(toyResult(c.id, shared, c.job)) });
      }
      return out;
    },
  });
  if (outcome.refused) process.stderr.write(`alvh: ${outcome.refused}\n`);
  if (outcome.lostRedis) process.stderr.write(`alvh: ${outcome.lostRedis}\n`);
  // Ended here, as the pool ends its threads: a chunk still sleeping must not keep the process alive.
  process.exit(outcome.refused ? 3 : outcome.lostRedis ? 4 : 0);
}
