// One worker of the study pool: builds a context per market once (the study's panel, or a synthetic path it
// simulates) and runs each job's configurations on it, posting every result as soon as it is ready.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import type { PoolReply, PoolRequest, PoolTask, StudyJob } from './pool.js';
import { pathContext, pathMarketKey } from './path-market.js';
import { createStudyContext, runChunk, type StudyContext } from './run-chunk.js';

const { panel } = workerData as PoolTask;
const post = (msg: PoolReply): void => parentPort!.postMessage(msg);
let current: { key: string; ctx: StudyContext } | null = null;

function contextFor(task: StudyJob): StudyContext {
  const m = task.market;
  const key = m.kind === 'panel' ? `panel:${m.window.from}..${m.window.to}` : `sim:${pathMarketKey(m)}`;
  if (current?.key === key) return current.ctx;
  let ctx: StudyContext;
  if (m.kind === 'panel') {
    if (panel === null) throw new Error('a panel job was sent to a pool started without a panel');
    ctx = createStudyContext(panel, m.window);
  } else ctx = pathContext(m);
  current = { key, ctx };
  return ctx;
}

parentPort!.on('message', (msg: PoolRequest) => {
  if (msg.kind === 'stop') {
    parentPort!.close();
    return;
  }
  try {
    const ctx = contextFor(msg.task);
    runChunk(ctx, msg.task.configs, new Map(msg.task.cores), (result) =>
      post({ kind: 'result', job: msg.job, result }),
    );
    post({ kind: 'done', job: msg.job });
  } catch (err) {
    post({
      kind: 'error',
      message: err instanceof Error ? err.message : String(err),
      user: err instanceof UserError,
    });
  }
});
