/**
 * Presigned URLs for the storage origin (HMAC-SHA256 over method, path and expiry, carried in
 * GCS-style query parameters) and byte-range file replies shared by both origins.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Blob } from './blob.js';
import { realClock, type Clock } from './clock.js';

export class Signer {
  private readonly secret = randomBytes(32);
  constructor(
    public ttlSeconds: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Query string (without `?`) that makes `method path` valid for ttl seconds from now. */
  sign(method: string, path: string, nowMs = this.clock.now()): string {
    const now = new Date(nowMs);
    const date = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const expires = String(this.ttlSeconds);
    const sig = this.mac(method, path, date, expires);
    return new URLSearchParams({
      'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
      'X-Goog-Date': date,
      'X-Goog-Expires': expires,
      'X-Goog-SignedHeaders': 'host',
      'X-Goog-Signature': sig,
    }).toString();
  }

  private mac(method: string, path: string, date: string, expires: string): string {
    return createHmac('sha256', this.secret).update(`${method}\n${path}\n${date}\n${expires}`).digest('hex');
  }

  /** Check a request's query against its method and path. */
  verify(method: string, path: string, query: URLSearchParams, nowMs = this.clock.now()): 'ok' | 'expired' | 'missing' | 'bad' {
    const date = query.get('X-Goog-Date');
    const expires = query.get('X-Goog-Expires');
    const sig = query.get('X-Goog-Signature');
    if (!date || !expires || !sig) return 'missing';
    // HEAD may use a URL signed for GET.
    const methods = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    const good = methods.some((m) => {
      const want = Buffer.from(this.mac(m, path, date, expires), 'hex');
      const got = Buffer.from(sig, 'hex');
      return got.length === want.length && timingSafeEqual(got, want);
    });
    if (!good) return 'bad';
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (!m) return 'bad';
    const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    if (nowMs > signedAt + Number(expires) * 1000) return 'expired';
    return 'ok';
  }
}

export function storageError(code: string, message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | { blob: Blob; start: number; end: number };
  /** Body length in bytes (Content-Length). */
  length: number;
  /** True for HEAD: headers only. */
  headOnly?: boolean;
}

export function jsonReply(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  const b = Buffer.from(JSON.stringify(value), 'utf8');
  return { status, headers: { 'content-type': 'application/json', ...extra }, body: b, length: b.length };
}

export function textReply(status: number, text: string, type = 'text/plain; charset=utf-8'): Reply {
  const b = Buffer.from(text, 'utf8');
  return { status, headers: { 'content-type': type }, body: b, length: b.length };
}

export function xmlError(status: number, code: string, message: string): Reply {
  return textReply(status, storageError(code, message), 'application/xml; charset=UTF-8');
}

/** A file reply honouring `Range` (single range) and HEAD, with ETag / Content-MD5-style hash. */
export async function blobReply(method: string, rangeHeader: string | undefined, blob: Blob, name: string): Promise<Reply> {
  const md5 = await blob.md5();
  const headers: Record<string, string> = {
    'content-type': blob.mimetype,
    'accept-ranges': 'bytes',
    etag: `"${md5.toString('hex')}"`,
    'x-goog-hash': `md5=${md5.toString('base64')}`,
    'content-disposition': `attachment; filename="${encodeURIComponent(name.slice(name.lastIndexOf('/') + 1))}"`,
  };
  const size = blob.size;
  let start = 0;
  let end = size;
  let status = 200;
  if (rangeHeader) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim());
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]));
      } else {
        start = Number(m[1]);
        end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
      }
      if (start >= size || start >= end) {
        return { status: 416, headers: { 'content-range': `bytes */${size}`, 'content-type': 'text/plain' }, length: 0, body: Buffer.alloc(0) };
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
    }
  }
  return { status, headers, body: { blob, start, end }, length: end - start, headOnly: method === 'HEAD' };
}
