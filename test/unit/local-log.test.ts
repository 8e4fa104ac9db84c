// The `.wandb` reader on synthetic logs: what the real fixtures lack (damaged chunks, records
// still being written, unknown record types and fields, NaN/Infinity, nested keys, growth).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../src/local/crc32';
import { LogFramer } from '../../src/local/log-framing';
import { decodeRecord, type LocalRecord } from '../../src/local/records';
import { RunAccumulator } from '../../src/local/run-accumulator';
import { LocalRunReader } from '../../src/local/run-log-reader';
import { historyWithUnknownField, LogBytes, rec } from './local-log-writer';

const dir = mkdtempSync(join(tmpdir(), 'wandb-local-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function writeLog(bytes: Uint8Array): string {
  const path = join(dir, `run-${++fileNo}.wandb`);
  writeFileSync(path, bytes);
  return path;
}

function frameAll(bytes: Uint8Array): { records: LocalRecord[]; framer: LogFramer } {
  const framer = new LogFramer();
  const records = framer.push(bytes).map((f) => decodeRecord(f.payload));
  return { records, framer };
}

function accumulate(records: LocalRecord[]): RunAccumulator {
  const acc = new RunAccumulator();
  for (const r of records) acc.apply(r);
  return acc;
}

describe('CRC-32 of chunks', () => {
  it('is the IEEE/zlib CRC-32 (check value of "123456789")', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32Table(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes)).toBe(0xcbf43926);
  });
  it('native and table versions agree when continuing a CRC', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff);
    expect(crc32(bytes, 0x12345678)).toBe(crc32Table(bytes, 0x12345678));
  });
});

describe('framing', () => {
  it('reads nothing, and no error, from a 0-byte file or a header cut short', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0x3a, 0x57, 0x26)]) {
      const { records, framer } = frameAll(bytes);
      expect(records).toEqual([]);
      expect(framer.invalid).toBeUndefined();
      expect(framer.tailBytes).toBe(bytes.length);
    }
  });

  it('refuses a file that does not start with the W&B header', () => {
    const { records, framer } = frameAll(new TextEncoder().encode('{"not": "a wandb log"}'));
    expect(records).toEqual([]);
    expect(framer.invalid).toMatch(/not a W&B/);
  });

  it('skips a chunk whose CRC fails, counts it, and reads on', () => {
    const log = new LogBytes();
    for (let i = 1; i <= 5; i++) log.add(rec.outputRaw(i, `line ${i}\n`));
    const bytes = log.bytes();
    const third = log.chunks[2]!;
    bytes[third.offset + 7 + 2]! ^= 0xff; // a payload byte of record 3
    const { records, framer } = frameAll(bytes);
    expect(records.map((r) => r.num)).toEqual([1, 2, 4, 5]);
    expect(framer.counts.badChunks).toBe(1);
  });

  it('resumes at the next block after a chunk header that cannot be right', () => {
    const log = new LogBytes();
    let num = 0;
    while (log.length < 40_000) log.add(rec.outputRaw(++num, 'x'.repeat(500)));
    const bytes = log.bytes();
    const victim = log.chunks[3]!;
    bytes[victim.offset + 6] = 9; // no such chunk type: its length cannot be trusted either
    const { records, framer } = frameAll(bytes);
    const firstInBlock1 = log.chunks.findIndex((c) => c.offset >= 32 * 1024);
    const lostInBlock0 = firstInBlock1 - 3;
    expect(framer.counts.badChunks).toBe(1);
    // Records 4… of block 0 are lost (the whole rest of the block); every later block reads.
    expect(records.length).toBe(num - lostInBlock0);
    expect(records.at(-1)!.num).toBe(num);
  });

  it('reassembles a record that spans blocks (FIRST, MIDDLE, LAST) and skips zero padding', () => {
    const log = new LogBytes();
    log.add(rec.outputRaw(1, 'a'.repeat(32 * 1024 - 7 - 7 - 4 - 9))); // leaves < 7 bytes in block 0
    const big = 'b'.repeat(80_000);
    log.add(rec.outputRaw(2, big));
    log.add(rec.exit(3, 0));
    const types = log.chunks.map((c) => c.type);
    expect(types).toContain(3); // a MIDDLE chunk was needed
    const { records, framer } = frameAll(log.bytes());
    expect(records.map((r) => r.kind)).toEqual(['output', 'output', 'exit']);
    expect(records[1]).toMatchObject({ kind: 'output', line: big });
    expect(framer.counts).toMatchObject({ first: 1, last: 1, badChunks: 0, droppedRecords: 0 });
  });

  it('keeps a FIRST chunk without its LAST open, and finishes it when the rest is written', () => {
    const log = new LogBytes();
    log.add(rec.header());
    log.add(rec.outputRaw(1, 'c'.repeat(50_000)));
    const bytes = log.bytes();
    const framer = new LogFramer();
    expect(framer.push(bytes.subarray(0, 32 * 1024)).length).toBe(1); // the header record only
    expect(framer.openRecord).toBe(true);
    expect(framer.offset).toBe(32 * 1024);
    const rest = framer.push(bytes.subarray(32 * 1024));
    expect(rest.map((f) => decodeRecord(f.payload).kind)).toEqual(['output']);
    expect(framer.openRecord).toBe(false);
  });
});

describe('records', () => {
  it('reads an unknown record type as `other` and skips unknown fields', () => {
    const log = new LogBytes().add(rec.unknownType(1, 99)).add(historyWithUnknownField(2, 'loss', '0.5')).add(rec.exit(3, 0));
    const { records } = frameAll(log.bytes());
    expect(records[0]).toEqual({ num: 1, kind: 'other', field: 99 });
    expect(records[1]).toMatchObject({ kind: 'history', items: [{ path: ['loss'], valueJson: '0.5' }] });
    expect(records[2]).toMatchObject({ kind: 'exit', exitCode: 0 });
  });

  it('keeps NaN and ±Infinity in history and summary values', () => {
    const log = new LogBytes()
      .add(rec.history(1, [['_step', '0'], ['loss', 'NaN'], ['hi', 'Infinity'], ['lo', '-Infinity'], ['v', '{"a": NaN, "b": [Infinity]}']], 0))
      .add(rec.summary(2, [['loss', 'NaN'], [['best', 'lo'], '-Infinity']]));
    const acc = accumulate(frameAll(log.bytes()).records);
    const row = acc.history[0]!;
    expect(row.loss).toBeNaN();
    expect(row.hi).toBe(Infinity);
    expect(row.lo).toBe(-Infinity);
    expect(row['v.a']).toBeNaN();
    expect(row['v.b']).toEqual([Infinity]);
    expect(acc.summary.loss).toBeNaN();
    expect(acc.summary.best).toEqual({ lo: -Infinity });
  });

  it('flattens nested history keys to `a.b`, keeps their paths, and reassembles media leaves', () => {
    const log = new LogBytes().add(
      rec.history(
        1,
        [
          [['_step'], '3'],
          [['eval', 'acc'], '0.9'],
          [['eval', 'loss'], '0.1'],
          [['train/loss'], '0.2'],
          [['weights', '_type'], '"histogram"'],
          [['weights', 'bins'], '[0,1]'],
          [['weights', 'values'], '[5]'],
          ['legacy', '{"x": {"y": 1}}'],
        ],
        3,
      ),
    );
    const acc = accumulate(frameAll(log.bytes()).records);
    expect(acc.history[0]).toEqual({
      _step: 3,
      'eval.acc': 0.9,
      'eval.loss': 0.1,
      'train/loss': 0.2,
      weights: { _type: 'histogram', bins: [0, 1], values: [5] },
      'legacy.x.y': 1,
    });
    expect(acc.historyKeyPaths.get('eval.acc')).toEqual(['eval', 'acc']);
    expect(acc.historyKeyPaths.get('train/loss')).toEqual(['train/loss']);
    expect(acc.historyKeyPaths.get('legacy.x.y')).toEqual(['legacy', 'x', 'y']);
    const keys = acc.historyKeys();
    expect(keys.lastStep).toBe(3);
    expect(keys.keys.find((k) => k.key === 'weights')?.typeCounts).toEqual({ histogram: 1 });
  });

  it('applies config and summary updates and removals in order; the step comes from HistoryStep when no _step item', () => {
    const log = new LogBytes()
      .add(rec.run(1, { runId: 'abc', project: 'p', config: [['lr', '0.1'], ['_wandb', '{}']], cliVersion: '0.19.1' }))
      .add(rec.config(2, [[['opt', 'name'], '"adam"']]))
      .add(rec.summary(3, [['a', '1'], ['b', '2']]))
      .add(rec.summary(4, [['a', '3']], [['b']]))
      .add(rec.history(5, [['x', '1']], 0))
      .add(rec.history(6, [['x', '2']], 7));
    const acc = accumulate(frameAll(log.bytes()).records);
    expect(acc.config).toEqual({ lr: 0.1, _wandb: {}, opt: { name: 'adam' } });
    expect(acc.summary).toEqual({ a: 3 });
    expect(acc.history.map((r) => r._step)).toEqual([0, 7]);
    expect(acc.sdkVersion).toBe('0.19.1');
  });
});

describe('incremental reading of a growing log', () => {
  it('reads only the bytes appended since the last complete chunk', async () => {
    const log = new LogBytes().add(rec.header('0.25.1+abc')).add(rec.run(1, { runId: 'grow' }));
    for (let i = 0; i < 100; i++) log.add(rec.history(i + 2, [['_step', String(i)], ['loss', String(1 / (i + 1))]], i));
    const path = writeLog(log.bytes());
    const reader = new LocalRunReader(path);
    const first = await reader.readMore();
    expect(first.records.length).toBe(102);
    expect(first.bytesRead).toBe(log.length);

    // The run logs 50 more rows (crossing into the next block), then exits.
    const before = log.length;
    for (let i = 100; i < 150; i++) log.add(rec.history(i + 2, [['_step', String(i)], ['loss', '0.01']], i));
    log.add(rec.exit(200, 0));
    const all = log.bytes();
    appendFileSync(path, all.subarray(before));
    const second = await reader.readMore();
    expect(second.records.map((r) => r.kind)).toEqual([...Array(50).fill('history'), 'exit']);
    expect(second.bytesRead).toBe(all.length - before);

    const idle = await reader.readMore();
    expect(idle).toMatchObject({ records: [], bytesRead: 0 });
    expect(reader.status()).toMatchObject({ records: 153, bytesReadTotal: all.length, openRecord: false, tailBytes: 0 });
  });

  it('waits for a chunk the writer has not finished, then reads it (and only it) again', async () => {
    const log = new LogBytes().add(rec.header()).add(rec.outputRaw(1, 'first\n'));
    const whole = log.add(rec.outputRaw(2, 'second line, written in two goes\n')).bytes();
    const cut = whole.length - 10;
    const path = writeLog(whole.subarray(0, cut));
    const reader = new LocalRunReader(path);
    const a = await reader.readMore();
    expect(a.records.map((r) => r.num)).toEqual([0, 1]);
    const partialChunk = cut - log.chunks[2]!.offset;
    expect(reader.status().tailBytes).toBe(partialChunk);
    appendFileSync(path, whole.subarray(cut));
    const b = await reader.readMore();
    expect(b.records).toMatchObject([{ num: 2, kind: 'output', line: 'second line, written in two goes\n' }]);
    expect(b.bytesRead).toBe(partialChunk + 10);
  });

  it('starts over when the file got shorter (replaced)', async () => {
    const path = writeLog(new LogBytes().add(rec.outputRaw(1, 'a'.repeat(1000))).add(rec.outputRaw(2, 'b')).bytes());
    const reader = new LocalRunReader(path);
    expect((await reader.readMore()).records.length).toBe(2);
    writeFileSync(path, new LogBytes().add(rec.outputRaw(7, 'new')).bytes());
    const again = await reader.readMore();
    expect(again.restarted).toBe(true);
    expect(again.records.map((r) => r.num)).toEqual([7]);
  });
});
