import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRedis, parseRedisUrl } from './redis-url.js';

test('a full Redis URL gives host, port, database and password; the description masks the password', () => {
  const a = parseRedisUrl('redis://:s%40cret@10.0.0.5:6380/3');
  assert.deepEqual(a, { host: '10.0.0.5', port: 6380, db: 3, password: 's@cret' });
  assert.equal(describeRedis(a), 'redis://:***@10.0.0.5:6380/3');
});

test('defaults: port 6379 and database 0; an ACL user name is kept', () => {
  assert.deepEqual(parseRedisUrl('redis://localhost'), { host: 'localhost', port: 6379, db: 0 });
  assert.deepEqual(parseRedisUrl('redis://alvh:pw@[::1]:7000'), {
    host: '::1',
    port: 7000,
    db: 0,
    username: 'alvh',
    password: 'pw',
  });
});

test('a wrong scheme, a bad database or a stray query is a one-line argument error', () => {
  for (const [url, words] of [
    ['http://localhost:6379', /scheme 'http' is not redis/],
    ['redis://localhost:6379/x', /database 'x' is not a number/],
    ['redis://localhost:6379/16', /database '16'/],
    ['redis://localhost:6379?tls=1', /query or fragment/],
    ['localhost:6379', /scheme 'localhost' is not redis/],
    ['not a url', /not a URL/],
  ] as const)
    assert.throws(
      () => parseRedisUrl(url),
      (e: Error) => e.name === 'ArgumentError' && words.test(e.message),
    );
});
