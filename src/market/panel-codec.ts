// A panel as one binary buffer and back: a JSON header for the plain fields, the typed arrays as raw bytes
// after it. Generic over the panel's shape, so a new field needs no change here.
import { readFileSync } from 'node:fs';

const TYPED = {
  Float64Array,
  Int32Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

interface ArrayRef {
  $typed: TypedName;
  offset: number;
  length: number;
}

/** A number JSON cannot hold (it would write -0 as 0 and the others as null), kept as its name. */
interface NumberRef {
  $number: '-0' | 'NaN' | 'Infinity' | '-Infinity';
}
const NUMBERS: Record<string, number | undefined> = {
  '-0': -0,
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

const MAGIC = 'alvh-panel-1\n';

function typedName(x: unknown): TypedName | undefined {
  if (x instanceof Float64Array) return 'Float64Array';
  if (x instanceof Int32Array) return 'Int32Array';
  if (x instanceof Uint8Array && !(x instanceof Buffer)) return 'Uint8Array';
  return undefined;
}

/**
 * Encodes a value holding plain JSON, any number (-0, NaN and the infinities too) and Float64/Int32/Uint8
 * arrays; `meta` travels in the header.
 */
export function encodePanel(value: unknown, meta: unknown): Buffer {
  return encode(value, meta, false)!;
}

/**
 * `encodePanel`, or null when the value holds something that would not decode deep-equal to it (an undefined
 * or function value, an array hole, a Map, Date or class instance, another kind of typed array): for memos
 * that must give back exactly what they were given.
 */
export function encodeExactly(value: unknown, meta: unknown): Buffer | null {
  return encode(value, meta, true);
}

/** Whether JSON with this codec's references gives back a value deep-equal to `v` (its members checked apart). */
function representable(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return true;
    case 'object': {
      if (ArrayBuffer.isView(v)) {
        // Exactly one of the three kinds (a subclass decodes as its base), with no members of its own.
        const name = typedName(v);
        return (
          name !== undefined &&
          Object.getPrototypeOf(v) === TYPED[name].prototype &&
          Object.keys(v).length === (v as Float64Array).length
        );
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== Array.prototype) return false;
      // An array's own members beyond its elements are not written.
      if (Array.isArray(v) && Object.keys(v).length !== v.length) return false;
      // A key the decoder would read as one of its references, too.
      return (
        Object.getOwnPropertySymbols(v).length === 0 &&
        !('toJSON' in v) &&
        !Object.hasOwn(v, '$typed') &&
        !Object.hasOwn(v, '$number')
      );
    }
    default:
      return false;
  }
}

function encode(value: unknown, meta: unknown, exact: boolean): Buffer | null {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let faithful = true;
  const header = JSON.stringify({ meta, value }, function (this: unknown, key: string, v: unknown) {
    // The holder's own value, before any toJSON: what the decoded value must equal.
    if (exact && faithful && !representable((this as Record<string, unknown>)[key])) faithful = false;
    if (typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v))) {
      const ref: NumberRef = { $number: String(Object.is(v, -0) ? '-0' : v) as NumberRef['$number'] };
      return ref;
    }
    const name = typedName(v);
    if (name === undefined) return v;
    const arr = v as Float64Array | Int32Array | Uint8Array;
    const ref: ArrayRef = { $typed: name, offset, length: arr.length };
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    chunks.push(bytes);
    // Each array starts on an 8-byte boundary so it can be viewed in place after reading.
    const pad = (8 - (bytes.byteLength % 8)) % 8;
    if (pad > 0) chunks.push(new Uint8Array(pad));
    offset += bytes.byteLength + pad;
    return ref;
  });
  if (!faithful) return null;
  const head = Buffer.from(header, 'utf8');
  const lengthField = Buffer.alloc(8);
  lengthField.writeBigUInt64LE(BigInt(head.byteLength));
  const magic = Buffer.from(MAGIC, 'latin1');
  const before = magic.byteLength + 8 + head.byteLength;
  const pad = Buffer.alloc((8 - (before % 8)) % 8);
  return Buffer.concat([magic, lengthField, head, pad, ...chunks]);
}

/** The meta and value of an encoded buffer; undefined for a buffer that is not one (or is cut short). */
export function decodePanel(buf: Buffer): { meta: unknown; value: unknown } | undefined {
  const magicLength = Buffer.byteLength(MAGIC, 'latin1');
  if (buf.byteLength < magicLength + 8 || buf.toString('latin1', 0, magicLength) !== MAGIC) return undefined;
  const headLength = Number(buf.readBigUInt64LE(magicLength));
  const headStart = magicLength + 8;
  if (headStart + headLength > buf.byteLength) return undefined;
  const before = headStart + headLength;
  const dataStart = before + ((8 - (before % 8)) % 8);
  // A copy of the array bytes on a fresh, aligned buffer: Node's pooled read buffers may start anywhere.
  const data = new Uint8Array(buf.byteLength - dataStart);
  data.set(buf.subarray(dataStart));
  // Parsed without a reviver, then the references replaced in one walk: a reviver is called for every value
  // of the header and makes the parse several times slower.
  let bad = false;
  const restore = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && typeof x === 'object') v[i] = restore(x);
      }
      return v;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.$number === 'string') {
      const n = NUMBERS[o.$number];
      if (n === undefined) bad = true;
      return n;
    }
    if (typeof o.$typed === 'string') {
      const ref = o as unknown as ArrayRef;
      const Ctor = TYPED[ref.$typed] as (typeof TYPED)[TypedName] | undefined;
      if (Ctor === undefined || ref.offset + ref.length * Ctor.BYTES_PER_ELEMENT > data.byteLength) {
        bad = true;
        return undefined;
      }
      return new Ctor(data.buffer, ref.offset, ref.length);
    }
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x !== null && typeof x === 'object') {
        const y = restore(x);
        if (y !== x) o[k] = y;
      }
    }
    return o;
  };
  const parsed = restore(JSON.parse(buf.toString('utf8', headStart, headStart + headLength))) as {
    meta: unknown;
    value: unknown;
  };
  return bad ? undefined : parsed;
}

/** The meta and value of an encoded file; undefined when it is missing, unreadable or not one. */
export function readEncodedFile(file: string): { meta: unknown; value: unknown } | undefined {
  try {
    return decodePanel(readFileSync(file));
  } catch {
    return undefined;
  }
}
