// A configuration's result as the bytes a worker writes into the study's Redis hash and the coordinator
// reads back: exact (every double, NaN included), refused with a clear message when it is not this format.
import { UserError } from '../../core/errors.js';
import { decodeFloat64, encodeFloat64 } from '../store.js';
import type { ConfigResult, StudyMetrics } from '../types.js';

/** The first bytes of an encoded result: the format and its version (a result of another format is refused). */
const RESULT_MAGIC = Buffer.from('alvhR1\n', 'latin1');

/**
 * A result as bytes for Redis: a magic, the header's length (u32 LE), the header as JSON (id, settings,
 * metrics with non-finite numbers as strings, the arrays' lengths), zero padding to a multiple of 8, then
 * the three arrays' doubles as little-endian bytes. Exact (NaN included) and cheap: no base64, and JSON
 * only for the small header (a result carries about 100 KiB of daily returns).
 */
export function encodeResult(r: ConfigResult): Buffer {
  const metrics = JSON.stringify(r.metrics, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  const arrays = [r.returns, r.unhedgedReturns, r.sleeveReturns];
  const header = Buffer.from(
    JSON.stringify({ id: r.id, settings: r.settings, metrics, lengths: arrays.map((a) => a.length) }),
    'utf8',
  );
  const start = align8(RESULT_MAGIC.length + 4 + header.length);
  const out = Buffer.alloc(start + arrays.reduce((n, a) => n + a.length * 8, 0));
  RESULT_MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, RESULT_MAGIC.length);
  header.copy(out, RESULT_MAGIC.length + 4);
  let at = start;
  for (const a of arrays) {
    out.set(encodeFloat64(a), at);
    at += a.length * 8;
  }
  return out;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

export function decodeResult(bytes: Uint8Array): ConfigResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw new UserError(
      `a study result on the queue is not in the format this alvh writes (${what}): discard the queue's study with --clear-queue and run it again`,
    );
  };
  if (buf.length < RESULT_MAGIC.length + 4 || !buf.subarray(0, RESULT_MAGIC.length).equals(RESULT_MAGIC))
    fail("it does not start with the result format's mark");
  const headerLength = buf.readUInt32LE(RESULT_MAGIC.length);
  const headerEnd = RESULT_MAGIC.length + 4 + headerLength;
  if (headerEnd > buf.length) fail('its header runs past its end');
  const o = JSON.parse(buf.toString('utf8', RESULT_MAGIC.length + 4, headerEnd)) as {
    id: string;
    settings: Record<string, unknown>;
    metrics: string;
    lengths: number[];
  };
  const metrics = JSON.parse(o.metrics, (_k, v: unknown) =>
    v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v,
  ) as StudyMetrics;
  let at = align8(headerEnd);
  if (at + o.lengths.reduce((n, k) => n + k * 8, 0) !== buf.length) fail('its arrays do not fill it');
  const [returns, unhedgedReturns, sleeveReturns] = o.lengths.map((k) => {
    const a = decodeFloat64(buf.subarray(at, at + k * 8));
    at += k * 8;
    return a;
  });
  return { id: o.id, settings: o.settings, metrics, returns, unhedgedReturns, sleeveReturns };
}
