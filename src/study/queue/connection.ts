// Opens a checked connection to Redis: one attempt with a time limit, so an unreachable server or a wrong
// password is a one-line user error at once instead of the client's endless reconnecting.
import { Redis, type RedisOptions } from 'ioredis';
import { UserError } from '../../core/errors.js';
import { describeRedis, type RedisAddress } from './redis-url.js';

const CONNECT_TIMEOUT_MS = 3000;

/** Connection settings for BullMQ's own clients (blocking workers need maxRetriesPerRequest null). */
export function bullConnection(a: RedisAddress): RedisOptions {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    username: a.username,
    password: a.password,
    maxRetriesPerRequest: null,
  };
}

/** The reason a connection failed, in words a user can act on. */
export function connectionFailure(a: RedisAddress, err: unknown): UserError {
  const text = err instanceof Error ? err.message : String(err);
  const where = describeRedis(a);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text))
    return new UserError(`Redis at ${where} refused the password (WRONGPASS)`);
  if (/NOAUTH|Authentication required/i.test(text))
    return new UserError(`Redis at ${where} needs a password: give it as redis://:PASSWORD@HOST:PORT/DB`);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ECONNREFUSED') return new UserError(`cannot reach Redis at ${where}: connection refused`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new UserError(`cannot reach Redis at ${where}: unknown host '${a.host}'`);
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text))
    return new UserError(`cannot reach Redis at ${where}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
  return new UserError(`cannot use Redis at ${where}: ${text}`);
}

/** A connected client that has answered PING, or a user error saying why not. */
export async function openRedis(a: RedisAddress): Promise<Redis> {
  const client = new Redis({
    ...bullConnection(a),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (refused, unknown host, wrong password) comes as an event; the awaited call
  // then fails with a generic 'Connection is closed', so the event's error is the one reported.
  let cause: unknown = null;
  client.on('error', (err: unknown) => {
    cause ??= err;
  });
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (err) {
    client.disconnect();
    throw connectionFailure(a, cause ?? err);
  }
}
