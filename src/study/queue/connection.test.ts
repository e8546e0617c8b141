import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openRedis } from './connection.js';
import { parseRedisUrl } from './redis-url.js';
import { redisUnavailable, startRedis, type TestRedis } from './redis-server.test-helper.js';

const skip = redisUnavailable() ?? false;
let server: TestRedis;
before(async () => {
  if (!skip) server = await startRedis({ password: 'right-one' });
});
after(async () => server?.stop());

test('a server that answers with the right password gives a working client', { skip }, async () => {
  const client = await openRedis(parseRedisUrl(server.url));
  assert.equal(await client.ping(), 'PONG');
  client.disconnect();
});

test('a wrong or missing password is one line that says so, with the password masked', { skip }, async () => {
  const wrong = parseRedisUrl(`redis://:wrong@127.0.0.1:${server.port}/0`);
  await assert.rejects(openRedis(wrong), (e: Error) => {
    assert.equal(e.name, 'UserError');
    assert.match(e.message, /^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 refused the password/);
    assert.doesNotMatch(e.message, /wrong/);
    return true;
  });
  await assert.rejects(openRedis(parseRedisUrl(`redis://127.0.0.1:${server.port}/0`)), /needs a password/);
});

test(
  'nothing listening on the port is "connection refused" (one attempt, no reconnecting)',
  { skip },
  async () => {
    const stopped = await startRedis();
    await stopped.stop();
    await assert.rejects(
      openRedis(parseRedisUrl(stopped.url)),
      /cannot reach Redis at .*: connection refused$/,
    );
  },
);
