import { open, stat } from 'node:fs/promises';
import { BLOCK_SIZE, LogFramer, type FramingCounts } from './log-framing';
import { decodeRecord, type LocalRecord } from './records';

/** What one `readMore()` found. */
export interface ReadMoreResult {
  /** The new records, unless a callback took them one by one. */
  records: LocalRecord[];
  /** How many new records there were. */
  count: number;
  /** Bytes read from disk by this call. */
  bytesRead: number;
  /** File size seen by this call. */
  size: number;
  /** The file got shorter than what was already read (replaced or truncated): reading started over. */
  restarted: boolean;
}

/** Where the reader stands, for diagnostics and a view's status line. */
export interface LogReadStatus {
  size: number;
  /** Offset after the last complete chunk: the next read starts here. */
  offset: number;
  bytesReadTotal: number;
  records: number;
  /** Records whose bytes framed fine but did not decode as a `Record` message. */
  undecodable: number;
  /** A FIRST chunk is waiting for its LAST (the writer is inside a record, or stopped there). */
  openRecord: boolean;
  /** Bytes at the end that do not make a complete chunk yet (a truncated tail). */
  tailBytes: number;
  /** Why the file is not read at all (not a W&B log). */
  invalid?: string;
  framing: FramingCounts;
}

/** Reads are aligned to blocks: chunks never cross one, so no chunk is ever read twice. */
const READ_BLOCKS = 64;

/**
 * Incremental reader of one `run-<id>.wandb` file. Each `readMore()` reads only the bytes after
 * the last complete chunk, so polling a live run costs what it appended (plus, at most, the
 * unfinished chunk at the end, read again once it is complete).
 */
export class LocalRunReader {
  private framer = new LogFramer();
  private bytesReadTotal = 0;
  private records = 0;
  private undecodable = 0;
  private size = 0;

  constructor(readonly path: string) {}

  /**
   * Reads what was appended since the last call. With `onRecord`, each record is handed over as
   * it is decoded and none is kept here (a large log then never holds all its records at once).
   */
  async readMore(onRecord?: (record: LocalRecord) => void): Promise<ReadMoreResult> {
    const st = await stat(this.path);
    let restarted = false;
    if (st.size < this.framer.offset) {
      this.framer = new LogFramer();
      restarted = true;
    }
    this.size = st.size;
    const out: LocalRecord[] = [];
    let count = 0;
    let bytesRead = 0;
    if (st.size <= this.framer.offset || this.framer.invalid) return { records: out, count, bytesRead, size: st.size, restarted };
    const fh = await open(this.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(READ_BLOCKS * BLOCK_SIZE);
      for (;;) {
        const from = this.framer.offset;
        if (from >= st.size) break;
        // Up to a block boundary, so the framer can always use every complete chunk it is given.
        const until = Math.min(st.size, (Math.floor(from / BLOCK_SIZE) + READ_BLOCKS) * BLOCK_SIZE);
        const { bytesRead: n } = await fh.read(buf, 0, until - from, from);
        if (n === 0) break;
        bytesRead += n;
        for (const framed of this.framer.push(buf.subarray(0, n))) {
          let record: LocalRecord;
          try {
            record = decodeRecord(framed.payload);
          } catch {
            this.undecodable++;
            continue;
          }
          count++;
          if (onRecord) onRecord(record);
          else out.push(record);
        }
        // At the end (or the file ended early, having shrunk meanwhile): what is left is an
        // unfinished chunk, read again once the writer completes it.
        if (this.framer.invalid || until >= st.size || n < until - from) break;
      }
    } finally {
      await fh.close();
    }
    this.bytesReadTotal += bytesRead;
    this.records += count;
    return { records: out, count, bytesRead, size: st.size, restarted };
  }

  status(): LogReadStatus {
    const f = this.framer;
    return {
      size: this.size,
      offset: f.offset,
      bytesReadTotal: this.bytesReadTotal,
      records: this.records,
      undecodable: this.undecodable,
      openRecord: f.openRecord,
      tailBytes: f.tailBytes,
      ...(f.invalid ? { invalid: f.invalid } : {}),
      framing: { ...f.counts },
    };
  }
}
