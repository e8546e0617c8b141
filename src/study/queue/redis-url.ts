// Reads a `redis://[:password@]HOST:PORT[/DB]` address into connection settings, with a one-line error
// naming what is wrong; the password never appears in messages (`describeRedis` masks it).
import { ArgumentError } from '../../core/errors.js';

export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  /** ACL user name (Redis 6+), when the URL gives one. */
  username?: string;
  password?: string;
}

const EXPECTED = 'expected redis://[:password@]HOST:PORT[/DB]';

export function parseRedisUrl(text: string): RedisAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ArgumentError(`--queue ${JSON.stringify(text)}: not a URL (${EXPECTED})`);
  }
  if (url.protocol !== 'redis:')
    throw new ArgumentError(`--queue: scheme '${url.protocol.replace(/:$/, '')}' is not redis (${EXPECTED})`);
  if (url.hostname === '') throw new ArgumentError(`--queue: no host (${EXPECTED})`);
  if (url.search !== '' || url.hash !== '')
    throw new ArgumentError(
      `--queue: query or fragment '${url.search}${url.hash}' is not read (${EXPECTED})`,
    );
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(dbText) || Number(dbText) > 15)
    throw new ArgumentError(`--queue: database '${dbText}' is not a number 0-15 (${EXPECTED})`);
  const address: RedisAddress = { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, db: Number(dbText) };
  if (url.username !== '') address.username = decodeURIComponent(url.username);
  if (url.password !== '') address.password = decodeURIComponent(url.password);
  return address;
}

/** The address for messages: host, port and database, with any password masked. */
export function describeRedis(a: RedisAddress): string {
  const auth = a.password !== undefined ? `${a.username ?? ''}:***@` : '';
  return `redis://${auth}${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}/${a.db}`;
}
