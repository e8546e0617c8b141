// The study store's blob heap: an append-only file of byte strings (daily returns) beside the SQLite file
// that indexes them. Blobs added since the last sync wait in memory; a sync appends them and fsyncs, so the
// index (saved after it) never names bytes the disk does not hold. Bytes past the last indexed blob (a run
// killed between the two) are cut off at the next sync.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { FileError, UserError } from '../core/errors.js';

export class BlobHeap {
  /** Bytes of the file the index may name (everything synced so far). */
  private size: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private fd: number | null = null;

  /**
   * A heap at `path` whose index names bytes up to `indexedEnd`; a file shorter than that is damaged (the
   * index was saved after the bytes were synced, so a kill cannot cause it).
   */
  constructor(
    readonly path: string,
    indexedEnd: number,
  ) {
    this.size = indexedEnd;
    const have = existsSync(path) ? this.open().size : 0;
    if (have < indexedEnd)
      throw new UserError(
        `${path}: ${have} bytes, but its index names ${indexedEnd}: the results files are damaged; move them away or choose another --out`,
      );
  }

  private open(): { size: number } {
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+');
      } catch (err) {
        throw new FileError('cannot open the study returns', this.path, err);
      }
    }
    return { size: fstatSync(this.fd).size };
  }

  /** Bytes synced to the file (blobs below this offset are read from it). */
  syncedEnd(): number {
    return this.size;
  }

  /** Where a blob added next will start. */
  nextOffset(): number {
    return this.size + this.pendingBytes;
  }

  /** Adds a blob (kept in memory until `sync`); returns its offset. */
  add(bytes: Uint8Array): number {
    const at = this.nextOffset();
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    return at;
  }

  /** The `length` bytes at `offset` (synced or pending), in a buffer of their own. */
  readCopy(offset: number, length: number): Uint8Array {
    if (offset >= this.size) {
      let at = this.size;
      for (const b of this.pending) {
        if (at === offset && b.byteLength === length) return b.slice();
        at += b.byteLength;
      }
      throw new UserError(`${this.path}: no blob at byte ${offset}`);
    }
    const out = new Uint8Array(length);
    this.open();
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd!, out, got, length - got, offset + got);
      if (n === 0) throw new UserError(`${this.path}: ends inside the blob at byte ${offset}`);
      got += n;
    }
    return out;
  }

  /** Appends the pending blobs after the indexed bytes (cutting off any unindexed tail) and fsyncs. */
  sync(): void {
    if (this.pending.length === 0) return;
    try {
      const { size } = this.open();
      if (size !== this.size) ftruncateSync(this.fd!, this.size);
      let at = this.size;
      for (const b of this.pending) {
        let done = 0;
        while (done < b.byteLength) done += writeSync(this.fd!, b, done, b.byteLength - done, at + done);
        at += b.byteLength;
      }
      fsyncSync(this.fd!);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new FileError('cannot write the study returns', this.path, err);
    }
    this.size += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
