import * as zlib from 'node:zlib';

/**
 * CRC-32 as `.wandb` chunks use it: the IEEE 802.3 / zlib polynomial (reflected 0xEDB88320),
 * over the chunk's type byte followed by its payload, unmasked (docs/LOCAL-RUNS.md). Node has
 * it natively from 20.15 (`zlib.crc32`); the table below is the fallback for older runtimes.
 */
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Table-driven CRC-32, continuing from `crc` (0 to start). */
export function crc32Table(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

type Crc32 = (bytes: Uint8Array, crc?: number) => number;
const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `bytes`, continuing from `crc`; native where the runtime has it. */
export const crc32: Crc32 = native ? (bytes, crc = 0) => native(bytes, crc) >>> 0 : crc32Table;

const TYPE_CRC = Array.from({ length: 256 }, (_, t) => crc32Table(Uint8Array.of(t)));

/** The checksum a chunk header stores: CRC-32 of `[type, ...payload]`. */
export function chunkChecksum(type: number, payload: Uint8Array): number {
  return crc32(payload, TYPE_CRC[type & 0xff]!);
}
