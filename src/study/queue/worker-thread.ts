// One queue worker thread: builds its market from the source it is given, then runs study chunks until
// the parent says stop or a job is refused; reports lines and its outcome to the parent.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../../core/errors.js';
import { engineVersion } from '../../core/engine-version.js';
import { DEFAULT_SYNTHETIC, loadMarket } from '../../api/market.js';
import { parseRedisUrl } from './redis-url.js';
import { studyChunkHandler } from './study-jobs.js';
import { runQueueWorker } from './worker.js';
import type { MarketSource, ThreadMessage } from './worker-pool.js';

const data = workerData as { url: string; source: MarketSource; stallSeconds?: number };
const post = (m: ThreadMessage): void => parentPort!.postMessage(m);
const controller = new AbortController();
parentPort!.on('message', (m: unknown) => {
  if (m === 'stop') controller.abort();
});
// The listener alone must not keep the thread alive once its worker has stopped.
parentPort!.unref();

try {
  const source = data.source;
  const panel = loadMarket(source);
  const dataLabel =
    source.data ?? `synthetic market, seed ${source.synthetic?.seed ?? DEFAULT_SYNTHETIC.seed}`;
  post({ type: 'log', line: `ready: ${dataLabel} (fingerprint ${panel.fingerprint.slice(0, 12)})` });
  const outcome = await runQueueWorker({
    address: parseRedisUrl(data.url),
    identity: {
      version: engineVersion(),
      fingerprint: panel.fingerprint,
      dataLabel,
    },
    concurrency: 1,
    stallSeconds: data.stallSeconds,
    handle: studyChunkHandler(panel),
    onLog: (line) => post({ type: 'log', line }),
    signal: controller.signal,
  });
  post({ type: 'done', outcome });
} catch (err) {
  post({
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
    user: err instanceof UserError,
  });
}
