/** MD5 in W&B's encodings: `md5` and manifest `digest` are base64 of the raw 16-byte digest. */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The raw digest if `value` is a base64 (or 32-digit hex) MD5, else undefined (e.g. an ETag of a reference). */
export function md5Bytes(value: string | undefined | null): Buffer | undefined {
  if (!value) return undefined;
  // W&B's own form first (a manifest's 2,000 digests are all base64): one test, no trimming.
  if (value.length === 24 && BASE64_MD5.test(value)) return Buffer.from(value, 'base64');
  const v = value.trim().replace(/^"|"$/g, '');
  if (/^[0-9a-fA-F]{32}$/.test(v)) return Buffer.from(v, 'hex');
  if (BASE64_MD5.test(v)) return Buffer.from(v, 'base64');
  return undefined;
}

/** 16 bytes in base64 (always 16 once decoded). */
const BASE64_MD5 = /^[A-Za-z0-9+/]{22}==$/;

/** `value` is an MD5 in W&B's base64 form (16 bytes once decoded). */
export const isBase64Md5 = (value: string) => value.length === 24 && BASE64_MD5.test(value);

/** Base64 form of a raw digest, as W&B shows it. */
export function md5Base64(raw: Buffer): string {
  return raw.toString('base64');
}

/** `fo/zm1WhpiEBdYptx6afcA==` → `7e8ff39b55a1a62101758a6dc7a69f70`. */
export function base64ToHex(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex');
}

/** Same digest, whatever the encoding of either side. */
export function sameMd5(a: Buffer, expected: string | undefined): boolean {
  const e = md5Bytes(expected);
  return !!e && e.equals(a);
}

/**
 * MD5 of a regular file, read without following a symbolic link at the last component
 * (O_NOFOLLOW where the platform has it).
 */
export async function md5OfFile(filePath: string, signal?: AbortSignal, sizeHint?: number): Promise<Buffer> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
  const fh = await open(filePath, flags);
  try {
    const h = createHash('md5');
    if (sizeHint !== undefined && sizeHint <= 4 * 1024 * 1024) return h.update(await fh.readFile()).digest();
    for await (const chunk of fh.createReadStream({ autoClose: false, highWaterMark: 1024 * 1024 })) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      h.update(chunk as Buffer);
    }
    return h.digest();
  } finally {
    await fh.close();
  }
}
