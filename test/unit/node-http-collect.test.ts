/**
 * `collect` (a small file's body read whole) and `forEach` (a large one's chunks handed on), both
 * with plain stream events, against a local server:
 * the whole body, a body past the limit cut off there, a body cut short by the server and a
 * cancel, each ending the way the async-iterated `body` would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WandbError } from '../../src/api/errors';
import { streamGet, type StreamAnswer } from '../../src/api/node-http';

const body = Buffer.alloc(200_000, 7);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/cut') {
      // Promises the whole body, sends a part, then drops the connection.
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, 1000), () => res.socket?.destroy());
      return;
    }
    if (req.url === '/no-head') return; // never answers
    if (req.url === '/hang') {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, 10));
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (p: string, signal?: AbortSignal) => streamGet(new URL(p, base), { signal, headTimeoutMs: 5000, headersFor: () => ({}) });
const collect = (res: StreamAnswer, limit: number, onChunk?: () => void) => res.collect(limit, onChunk);

describe('StreamAnswer.collect (node:http)', () => {
  it('collects the whole body and tells of each chunk', async () => {
    let chunks = 0;
    const got = await collect(await get('/whole'), body.length, () => chunks++);
    expect(got.bytes).toBe(body.length);
    expect(Buffer.concat(got.parts).equals(body)).toBe(true);
    expect(chunks).toBe(got.parts.length);
  });

  it('stops reading once the body passes the limit', async () => {
    const got = await collect(await get('/whole'), 100);
    expect(got.bytes).toBeGreaterThan(100);
    expect(got.bytes).toBeLessThan(body.length);
  });

  it('rejects with a network error when the body is cut short', async () => {
    const err = await collect(await get('/cut'), body.length).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WandbError);
    expect((err as WandbError).kind).toBe('network');
  });

  it('rejects as cancelled when the signal aborts mid-body', async () => {
    const controller = new AbortController();
    const res = await get('/hang', controller.signal);
    const pending = collect(res, body.length, () => controller.abort());
    const err = await pending.catch((e: unknown) => e);
    expect((err as WandbError).kind).toBe('cancelled');
  });

  it('one abort of a shared signal stops every request on it, waiting for its head or reading its body, and none that finished', async () => {
    const controller = new AbortController();
    const done = await collect(await get('/whole', controller.signal), body.length);
    const reading = await get('/hang', controller.signal);
    const bodyRead = collect(reading, body.length).catch((e: unknown) => e);
    const heads = [get('/no-head', controller.signal), get('/no-head', controller.signal)].map((p) => p.catch((e: unknown) => e));
    controller.abort();
    for (const err of [await bodyRead, ...(await Promise.all(heads))]) expect((err as WandbError).kind).toBe('cancelled');
    expect(done.bytes).toBe(body.length);
  });

  it('rejects at once when the answer was destroyed before', async () => {
    const res = await get('/hang');
    res.cancel();
    const err = await collect(res, body.length).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WandbError);
  });
});

describe('StreamAnswer.forEach (node:http)', () => {
  it('hands every chunk over in order, pausing while a chunk is being taken in', async () => {
    const parts: Buffer[] = [];
    let pending = 0;
    let overlapped = false;
    await (await get('/whole')).forEach((chunk) => {
      if (pending > 0) overlapped = true;
      parts.push(Buffer.from(chunk));
      pending++;
      return new Promise<void>((r) => setTimeout(r, 1)).then(() => {
        pending--;
      });
    });
    expect(overlapped).toBe(false);
    expect(Buffer.concat(parts).equals(body)).toBe(true);
  });

  it('rejects with a network error when the body is cut short', async () => {
    const err = await (await get('/cut')).forEach(() => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WandbError);
    expect((err as WandbError).kind).toBe('network');
  });

  it('rejects with what the sink threw and stops the transfer', async () => {
    const res = await get('/whole');
    const boom = new Error('too many bytes');
    const err = await res
      .forEach(() => {
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(boom);
  });

  it('rejects as cancelled on abort, but only once the chunk being taken in is done', async () => {
    const controller = new AbortController();
    const res = await get('/hang', controller.signal);
    let taken = false;
    const err = await res
      .forEach(() => {
        controller.abort();
        return new Promise<void>((r) => setTimeout(r, 20)).then(() => {
          taken = true;
        });
      })
      .catch((e: unknown) => e);
    expect(taken).toBe(true);
    expect((err as WandbError).kind).toBe('cancelled');
  });
});

describe('StreamAnswer.forEach on an answer cancelled before', () => {
  it('rejects at once with a WandbError', async () => {
    const res = await get('/hang');
    res.cancel();
    const err = await res.forEach(() => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WandbError);
  });
});
