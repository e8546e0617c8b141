import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runStudyOnQueue, StudyInterrupted, type QueuedStudyOptions } from './coordinator.js';
import { parseRedisUrl } from './redis-url.js';
import { redisUnavailable, startRedis, type TestRedis } from './redis-server.test-helper.js';
import { toyResult } from './toy-worker.test-helper.js';
import { answers } from './worker.js';
import { Redis } from 'ioredis';

const skip = redisUnavailable() ?? false;
const workerScript = fileURLToPath(new URL('./toy-worker.test-helper.js', import.meta.url));
let server: TestRedis;
before(async () => {
  if (!skip) server = await startRedis();
});
after(async () => server?.stop());

function startWorker(
  fingerprint: string,
  delayMs: number,
  url = server.url,
): ChildProcess & { out: string; err: string } {
  const child = spawn(process.execPath, [workerScript, url, fingerprint, String(delayMs), '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { out: string; err: string };
  child.out = '';
  child.err = '';
  child.stdout!.on('data', (d) => (child.out += d));
  child.stderr!.on('data', (d) => (child.err += d));
  return child;
}

const exited = (c: ChildProcess): Promise<number | null> =>
  c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));

/** The study on the test's queue with the tests' usual settings (chunks of 5, polled every 50 ms). */
function gather(
  s: Pick<QueuedStudyOptions, 'identity' | 'shared' | 'configs'>,
  over: Partial<QueuedStudyOptions> = {},
): Promise<void> {
  return runStudyOnQueue({
    address: parseRedisUrl(server.url),
    ...s,
    done: new Set(),
    chunkSize: 5,
    pollMs: 50,
    onResult: () => undefined,
    ...over,
  });
}

function study(n: number, name: string) {
  const configs = Array.from({ length: n }, (_, k) => ({
    id: `${name}-${String(k).padStart(4, '0')}`,
    job: { k },
  }));
  const identity = { studyId: `${name}-id`, studyName: name, version: 'test', fingerprint: 'fp-a' };
  return { configs, identity, shared: { base: name } };
}

test(
  'two workers, one killed with SIGKILL mid-study: every configuration arrives exactly once, right',
  { skip, timeout: 120_000 },
  async () => {
    const { configs, identity, shared } = study(200, 'kill');
    const workers = [startWorker('fp-a', 15), startWorker('fp-a', 15)];
    const seen = new Map<string, number>();
    const results = new Map<string, string>();
    let killed = false;
    await gather(
      { identity, shared, configs },
      {
        chunkSize: 10,
        pollMs: 100,
        onResult: (id, encoded) => {
          seen.set(id, (seen.get(id) ?? 0) + 1);
          results.set(id, encoded.toString());
        },
        onProgress: (done) => {
          if (!killed && done >= 40) {
            killed = true;
            workers[0].kill('SIGKILL');
          }
        },
      },
    );
    assert.ok(killed, 'the first worker was killed while the study ran');
    assert.equal(results.size, 200);
    for (const c of configs) {
      assert.equal(seen.get(c.id), 1, `${c.id} gathered once`);
      assert.equal(results.get(c.id), toyResult(c.id, shared, c.job));
    }
    workers[1].kill('SIGTERM');
    assert.equal(await exited(workers[1]), 0);
  },
);

test(
  'a coordinator stopped mid-study and started again resumes: nothing done is rerun or gathered twice',
  { skip, timeout: 120_000 },
  async () => {
    const resume = study(60, 'resume');
    const stored = new Map<string, string>();
    const worker = startWorker('fp-a', 10);
    const first = new AbortController();
    await assert.rejects(
      gather(resume, {
        signal: first.signal,
        onResult: (id, encoded) => {
          stored.set(id, encoded.toString());
          if (stored.size >= 20) first.abort();
        },
      }),
      StudyInterrupted,
    );
    const before = new Set(stored.keys());
    assert.ok(before.size >= 20 && before.size < 60);
    const again = new Map<string, string>();
    await gather(resume, {
      done: before,
      onResult: (id, encoded) => {
        assert.ok(!before.has(id), `${id} was stored before the restart and is not gathered again`);
        again.set(id, encoded.toString());
      },
    });
    assert.equal(before.size + again.size, 60);
    for (const c of resume.configs)
      assert.equal(stored.get(c.id) ?? again.get(c.id), toyResult(c.id, resume.shared, c.job));
    worker.kill('SIGTERM');
    await exited(worker);
  },
);

test(
  'a worker on other data refuses the study, says why and exits non-zero; a right worker finishes it',
  { skip, timeout: 120_000 },
  async () => {
    const { configs, identity, shared } = study(20, 'refuse');
    const wrong = startWorker('fp-other', 5);
    const notices: string[] = [];
    const running = gather(
      { identity, shared, configs },
      {
        onResult: () => undefined,
        onNotice: (line) => notices.push(line),
      },
    );
    assert.equal(await exited(wrong), 3);
    assert.match(
      wrong.err,
      /refused study 'refuse' .*this worker's data \(toy data, fingerprint fp-other\) differ from the study's/,
    );
    const right = startWorker('fp-a', 5);
    await running;
    assert.ok(
      notices.some((n) => /differ from the study's/.test(n)),
      'the coordinator reports the refusal',
    );
    right.kill('SIGTERM');
    await exited(right);
  },
);

test(
  'a queue held by another unfinished study is refused in one line; --clear-queue takes it over',
  { skip, timeout: 60_000 },
  async () => {
    const held = study(10, 'held');
    const stop = new AbortController();
    stop.abort();
    await assert.rejects(gather(held, { signal: stop.signal }), StudyInterrupted);
    const other = study(10, 'other');
    await assert.rejects(
      gather(other),
      (e: Error) =>
        e.name === 'UserError' && /holds study 'held' .*not study 'other' .*--clear-queue/.test(e.message),
    );
    const worker = startWorker('fp-a', 1);
    let n = 0;
    await gather(other, { takeOver: true, onResult: () => void n++ });
    assert.equal(n, 10);
    worker.kill('SIGTERM');
    await exited(worker);
  },
);

test(
  'Redis gone mid-chunk: the coordinator stops in one line; the worker, stopped (SIGTERM), exits with one line saying so',
  { skip, timeout: 120_000 },
  async () => {
    // A Redis of its own: this test kills it.
    const own = await startRedis();
    const { configs, identity, shared } = study(20, 'gone');
    // 400 ms a configuration, 10 a chunk: the worker is mid-chunk when Redis goes.
    const worker = startWorker('fp-a', 400, own.url);
    const running = gather(
      { identity, shared, configs },
      {
        address: parseRedisUrl(own.url),
        chunkSize: 10,
        pollMs: 100,
        onResult: () => undefined,
      },
    ).catch((e: Error) => e);
    while (!worker.out.includes('started')) await sleep(50);
    await own.stop();
    // The coordinator stops too, in one line (a user's situation, not an internal error).
    const lost = (await running) as Error;
    assert.equal(lost.name, 'UserError');
    assert.match(
      lost.message,
      /^lost Redis at redis:\/\/127\.0\.0\.1:\d+\/0 \(.+\): the study stopped with 0 configuration\(s\) gathered; when Redis is back, the same command resumes it$/,
    );
    worker.kill('SIGTERM');
    const code = await Promise.race([
      exited(worker),
      sleep(60_000, null, { ref: false }).then(() => 'still running after 60 s'),
    ]);
    worker.kill('SIGKILL');
    assert.equal(code, 4, worker.err);
    const lines = worker.err.trimEnd().split('\n');
    assert.equal(lines.length, 1, worker.err);
    assert.match(
      lines[0],
      /^alvh: lost Redis at redis:\/\/127\.0\.0\.1:\d+\/0 \(connection refused\): stopped without it after waiting 5 s for it: 1 running chunk\(s\) not written/,
    );
  },
);

test(
  'a chunk delivered twice (its worker stalled past the lock, then went on) is gathered and counted once',
  { skip, timeout: 120_000 },
  async () => {
    const { configs, identity, shared } = study(30, 'dup');
    const a = startWorker('fp-a', 100);
    const progress: number[] = [];
    const seen = new Map<string, number>();
    const results = new Map<string, string>();
    let b: (ChildProcess & { out: string; err: string }) | null = null;
    let stalledChunk = '';
    const running = gather(
      { identity, shared, configs },
      {
        onResult: (id, encoded) => {
          seen.set(id, (seen.get(id) ?? 0) + 1);
          results.set(id, encoded.toString());
        },
        onProgress: (done) => progress.push(done),
      },
    );
    // Worker A stops dead in its first chunk (as a swapped-out or frozen process does): its lock lapses
    // after the 2 s stall interval, and B, started only now, takes the chunk over. A then goes on and
    // finishes the same chunk too.
    while (!/started (\S+)/.test(a.out)) await sleep(10);
    a.kill('SIGSTOP');
    stalledChunk = /started (\S+)/.exec(a.out)![1];
    b = startWorker('fp-a', 100);
    while (!b.out.includes(`started ${stalledChunk}\n`)) await sleep(20);
    a.kill('SIGCONT');
    await running;
    // A wrote its copy of the chunk (or found the study finished and wrote nothing), and says the chunk
    // was taken over.
    while (!/chunk \S+: (5 configuration|its study has left)/.test(a.out)) await sleep(20);
    while (!a.out.includes('another worker took it over')) await sleep(20);
    assert.equal(results.size, 30);
    for (const c of configs) {
      assert.equal(seen.get(c.id), 1, `${c.id} gathered once`);
      assert.equal(results.get(c.id), toyResult(c.id, shared, c.job));
    }
    assert.ok(
      progress.every((p, k) => p <= 30 && (k === 0 || p >= progress[k - 1])),
      `progress never passes the total nor goes back: ${progress.join(',')}`,
    );
    assert.equal(progress[progress.length - 1], 30);
    for (const w of [a, b]) w.kill('SIGTERM');
    assert.deepEqual(await Promise.all([exited(a), exited(b)]), [0, 0]);
  },
);

test(
  'a PING answered while the thread was busy past its timeout counts as an answer; a frozen Redis does not',
  { skip, timeout: 30_000 },
  async () => {
    const own = await startRedis();
    const client = new Redis(own.url);
    try {
      await client.ping();
      // The reply arrives within a millisecond; the thread is busy for 200 ms, past the 50 ms timeout, so the
      // timer and the reply are both ready when the event loop comes back.
      const pending = answers(client, 50);
      const until = Date.now() + 200;
      while (Date.now() < until);
      assert.equal(await pending, true);
      process.kill(own.pid!, 'SIGSTOP');
      assert.equal(await answers(client, 200), false);
    } finally {
      process.kill(own.pid!, 'SIGCONT');
      client.disconnect();
      await own.stop();
    }
  },
);
