import { chunkChecksum } from './crc32';

/**
 * The framing of a `.wandb` transaction log (docs/LOCAL-RUNS.md, "Framing"): a 7-byte W&B header,
 * then LevelDB-log chunks in 32 KiB blocks. This turns file bytes into record payloads, one
 * push of new bytes at a time, so a log that is still being written is read from where the last
 * complete chunk ended and never again from the start.
 */
export const BLOCK_SIZE = 32 * 1024;
export const FILE_HEADER_SIZE = 7;
export const CHUNK_HEADER_SIZE = 7;
/** `:W&B`, then the magic 0xBEE1 (little-endian), then store version 0. */
export const FILE_HEADER = Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00);

export const enum ChunkType {
  Full = 1,
  First = 2,
  Middle = 3,
  Last = 4,
}

/** What the framing saw so far, for diagnostics and tests. */
export interface FramingCounts {
  full: number;
  first: number;
  middle: number;
  last: number;
  /** Chunks whose checksum did not match, or whose header cannot be right; skipped. */
  badChunks: number;
  /** Records lost because a chunk of theirs was bad (or a MIDDLE/LAST came without a FIRST). */
  droppedRecords: number;
}

/** One logical record: its payload (a serialized `Record` message) and where its first chunk starts. */
export interface FramedRecord {
  offset: number;
  payload: Uint8Array;
}

export class LogFramer {
  /** File offset up to which every byte has been consumed: where the next push must start. */
  offset = 0;
  /** Set when the file does not start with the W&B header: nothing more is read. */
  invalid: string | undefined;
  /** Bytes after `offset` the last push could not use yet (an incomplete chunk or header). */
  tailBytes = 0;
  readonly counts: FramingCounts = { full: 0, first: 0, middle: 0, last: 0, badChunks: 0, droppedRecords: 0 };
  private pending: Uint8Array[] | undefined;
  private pendingOffset = 0;
  /** After a bad chunk inside a multi-chunk record, its remaining MIDDLE/LAST chunks are ignored. */
  private skippingRecord = false;

  /** A record was started (FIRST) and not finished: the writer is inside it, or stopped there. */
  get openRecord(): boolean {
    return this.pending !== undefined;
  }

  /** True once the W&B header has been read and accepted. */
  get started(): boolean {
    return this.offset >= FILE_HEADER_SIZE && !this.invalid;
  }

  /**
   * Consumes `bytes`: the file's content from `this.offset` to (what is now) its end. Returns the
   * records completed by them; stops in front of a chunk that is not all there yet.
   */
  push(bytes: Uint8Array): FramedRecord[] {
    const out: FramedRecord[] = [];
    if (this.invalid) return out;
    const base = this.offset;
    let p = 0;
    if (base === 0) {
      if (bytes.length < FILE_HEADER_SIZE) {
        this.tailBytes = bytes.length;
        return out;
      }
      for (let i = 0; i < FILE_HEADER_SIZE; i++) {
        if (bytes[i] !== FILE_HEADER[i]) {
          this.invalid = 'not a W&B transaction log (the first 7 bytes are not `:W&B` 0xBEE1 0)';
          this.tailBytes = bytes.length;
          return out;
        }
      }
      p = FILE_HEADER_SIZE;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (;;) {
      const abs = base + p;
      const left = BLOCK_SIZE - (abs % BLOCK_SIZE);
      const avail = bytes.length - p;
      if (left < CHUNK_HEADER_SIZE) {
        // Too little room for a chunk header: the writer padded the block with zeros.
        if (avail < left) break;
        p += left;
        continue;
      }
      if (avail < CHUNK_HEADER_SIZE) break;
      const checksum = view.getUint32(p, true);
      const length = view.getUint16(p + 4, true);
      const type = bytes[p + 6]!;
      if (type === 0 && length === 0 && checksum === 0) {
        // An all-zero header: the rest of this block is unused.
        if (avail < left) break;
        p += left;
        continue;
      }
      if (type < ChunkType.Full || type > ChunkType.Last || CHUNK_HEADER_SIZE + length > left) {
        // This header cannot be right, so neither can the length: resume at the next block.
        if (avail < left) break;
        this.badChunk();
        p += left;
        continue;
      }
      if (avail < CHUNK_HEADER_SIZE + length) break; // the writer has not finished this chunk
      const payload = bytes.subarray(p + CHUNK_HEADER_SIZE, p + CHUNK_HEADER_SIZE + length);
      const chunkOffset = abs;
      p += CHUNK_HEADER_SIZE + length;
      if (chunkChecksum(type, payload) !== checksum) {
        this.badChunk();
        continue;
      }
      this.take(type, payload, chunkOffset, out);
    }
    this.offset = base + p;
    this.tailBytes = bytes.length - p;
    return out;
  }

  private badChunk(): void {
    this.counts.badChunks++;
    if (this.pending) {
      this.pending = undefined;
      this.counts.droppedRecords++;
      this.skippingRecord = true;
    }
  }

  private take(type: number, payload: Uint8Array, chunkOffset: number, out: FramedRecord[]): void {
    switch (type) {
      case ChunkType.Full:
        this.counts.full++;
        this.abandonPending();
        out.push({ offset: chunkOffset, payload });
        return;
      case ChunkType.First:
        this.counts.first++;
        this.abandonPending();
        // Copied: the caller may reuse its buffer before the record's LAST chunk arrives.
        this.pending = [payload.slice()];
        this.pendingOffset = chunkOffset;
        return;
      case ChunkType.Middle:
        this.counts.middle++;
        if (this.pending) this.pending.push(payload.slice());
        else this.orphan();
        return;
      case ChunkType.Last: {
        this.counts.last++;
        if (!this.pending) {
          this.orphan();
          this.skippingRecord = false;
          return;
        }
        const parts = this.pending;
        parts.push(payload);
        this.pending = undefined;
        out.push({ offset: this.pendingOffset, payload: concat(parts) });
        return;
      }
    }
  }

  private abandonPending(): void {
    if (this.pending) this.counts.droppedRecords++;
    this.pending = undefined;
    this.skippingRecord = false;
  }

  private orphan(): void {
    if (!this.skippingRecord) {
      this.counts.droppedRecords++;
      this.skippingRecord = true;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const part of parts) n += part.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
