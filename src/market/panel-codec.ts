// A panel as one binary buffer and back: a JSON header for the plain fields, the typed arrays as raw bytes
// after it. Generic over the panel's shape, so a new field needs no change here.

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

const MAGIC = 'alvh-panel-1\n';

function typedName(x: unknown): TypedName | undefined {
  if (x instanceof Float64Array) return 'Float64Array';
  if (x instanceof Int32Array) return 'Int32Array';
  if (x instanceof Uint8Array && !(x instanceof Buffer)) return 'Uint8Array';
  return undefined;
}

/** Encodes a value holding plain JSON and Float64/Int32/Uint8 arrays; `meta` travels in the header. */
export function encodePanel(value: unknown, meta: unknown): Buffer {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const header = JSON.stringify({ meta, value }, (_key, v: unknown) => {
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
  let bad = false;
  const parsed = JSON.parse(buf.toString('utf8', headStart, headStart + headLength), (_key, v: unknown) => {
    const ref = v as ArrayRef | null;
    if (ref === null || typeof ref !== 'object' || typeof ref.$typed !== 'string') return v;
    const Ctor = TYPED[ref.$typed] as (typeof TYPED)[TypedName] | undefined;
    if (Ctor === undefined || ref.offset + ref.length * Ctor.BYTES_PER_ELEMENT > data.byteLength) {
      bad = true;
      return undefined;
    }
    return new Ctor(data.buffer, ref.offset, ref.length);
  }) as { meta: unknown; value: unknown };
  return bad ? undefined : parsed;
}
