/**
 * A small writer of `.wandb` transaction logs for tests and benchmarks: the W&B header, 32 KiB
 * blocks, CRC-32 chunk headers, FULL/FIRST/MIDDLE/LAST chunks, and `Record` messages built with
 * the protobuf wire writer. Written from docs/LOCAL-RUNS.md, independently of the reader.
 */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { crc32Table } from '../../src/local/crc32';

const BLOCK = 32 * 1024;
export const WANDB_HEADER = Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00);

/** Frames record payloads into a growing byte array, as the SDK's writers do. */
export class LogBytes {
  private parts: Uint8Array[] = [WANDB_HEADER];
  length = WANDB_HEADER.length;
  /** Where each chunk header was written, with its type, for tests that damage one. */
  readonly chunks: Array<{ offset: number; type: number; length: number }> = [];

  add(payload: Uint8Array): this {
    let rest = payload;
    let first = true;
    do {
      const left = BLOCK - (this.length % BLOCK);
      if (left < 7) {
        this.push(new Uint8Array(left));
        continue;
      }
      const n = Math.min(left - 7, rest.length);
      const last = n === rest.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      const frag = rest.subarray(0, n);
      const header = new Uint8Array(7);
      const view = new DataView(header.buffer);
      view.setUint32(0, crc32Table(frag, crc32Table(Uint8Array.of(type))), true);
      view.setUint16(4, n, true);
      header[6] = type;
      this.chunks.push({ offset: this.length, type, length: n });
      this.push(header);
      this.push(frag.slice());
      rest = rest.subarray(n);
      first = false;
    } while (rest.length > 0);
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [out];
    return out;
  }

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
}

type Item = [key: string | string[], valueJson: string];

function item(w: BinaryWriter, field: number, [key, valueJson]: Item): void {
  w.tag(field, WireType.LengthDelimited).fork();
  if (typeof key === 'string') w.tag(1, WireType.LengthDelimited).string(key);
  else for (const k of key) w.tag(2, WireType.LengthDelimited).string(k);
  w.tag(16, WireType.LengthDelimited).string(valueJson);
  w.join();
}

function timestamp(w: BinaryWriter, field: number, ms: number): void {
  w.tag(field, WireType.LengthDelimited).fork();
  w.tag(1, WireType.Varint).int64(Math.floor(ms / 1000));
  const nanos = (ms % 1000) * 1e6;
  if (nanos) w.tag(2, WireType.Varint).int32(nanos);
  w.join();
}

/** A `Record` with `num` and one record-type field, its body written by `body`. */
function record(num: number, field: number, body: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  if (num) w.tag(1, WireType.Varint).int64(num);
  w.tag(field, WireType.LengthDelimited).fork();
  body(w);
  w.join();
  return w.finish();
}

/** Record builders, by the field numbers of `wandb_internal.proto`. */
export const rec = {
  header: (producer = '') =>
    record(0, 21, (w) => {
      if (producer) w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(producer).join();
    }),
  run: (num: number, r: { runId: string; project?: string; entity?: string; displayName?: string; config?: Item[]; cliVersion?: string }) =>
    record(num, 17, (w) => {
      w.tag(1, WireType.LengthDelimited).string(r.runId);
      if (r.entity) w.tag(2, WireType.LengthDelimited).string(r.entity);
      if (r.project) w.tag(3, WireType.LengthDelimited).string(r.project);
      if (r.config) {
        w.tag(4, WireType.LengthDelimited).fork();
        for (const it of r.config) item(w, 1, it);
        w.join();
      }
      if (r.displayName) w.tag(8, WireType.LengthDelimited).string(r.displayName);
      if (r.cliVersion) w.tag(19, WireType.LengthDelimited).fork().tag(5, WireType.LengthDelimited).string(r.cliVersion).join();
    }),
  history: (num: number, items: Item[], step?: number) =>
    record(num, 2, (w) => {
      for (const it of items) item(w, 1, it);
      if (step !== undefined) {
        w.tag(2, WireType.LengthDelimited).fork();
        if (step) w.tag(1, WireType.Varint).int64(step);
        w.join();
      }
    }),
  summary: (num: number, update: Item[], remove: string[][] = []) =>
    record(num, 3, (w) => {
      for (const it of update) item(w, 1, it);
      for (const path of remove) item(w, 2, [path, '']);
    }),
  config: (num: number, update: Item[]) => record(num, 5, (w) => update.forEach((it) => item(w, 1, it))),
  outputRaw: (num: number, line: string, stream: 'stdout' | 'stderr' = 'stdout', ms = 0) =>
    record(num, 13, (w) => {
      if (stream === 'stdout') w.tag(1, WireType.Varint).int32(1);
      if (ms) timestamp(w, 2, ms);
      w.tag(3, WireType.LengthDelimited).string(line);
    }),
  stats: (num: number, items: Array<[string, string]>, ms: number) =>
    record(num, 7, (w) => {
      timestamp(w, 2, ms);
      for (const it of items) item(w, 3, it);
    }),
  exit: (num: number, exitCode: number, runtime = 1) =>
    record(num, 18, (w) => {
      if (exitCode) w.tag(1, WireType.Varint).int32(exitCode);
      w.tag(2, WireType.Varint).int32(runtime);
    }),
  /** A record type no SDK has used (yet), with some body. */
  unknownType: (num: number, field = 99) => record(num, field, (w) => w.tag(1, WireType.LengthDelimited).string('from the future')),
  /** Any bytes as a record's payload (e.g. padding to make a record span blocks). */
  raw: (num: number, field: number, bytes: Uint8Array) => record(num, field, (w) => w.raw(bytes)),
};

/** A history item with an extra field no SDK writes (field 7, varint), to prove unknown fields are skipped. */
export function historyWithUnknownField(num: number, key: string, valueJson: string): Uint8Array {
  return record(num, 2, (w) => {
    w.tag(1, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).string(key);
    w.tag(7, WireType.Varint).uint32(12345);
    w.tag(16, WireType.LengthDelimited).string(valueJson);
    w.join();
    w.tag(9, WireType.Bit64).fixed64(7n);
  });
}
