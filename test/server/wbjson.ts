/**
 * W&B's JSON dialect. The backend stores config / summaryMetrics / systemMetrics as JSON text
 * written by Python, so numbers may be bare `NaN`, `Infinity` and `-Infinity`, and separators
 * are Python's defaults (`", "` and `": "`). Standard JSON.stringify cannot write those, so the
 * dev server has its own writer and a tolerant reader.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Serialise like Python's `json.dumps(value)`: bare NaN/Infinity, `", "` and `": "` separators. */
export function wbStringify(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'number') {
    if (Number.isNaN(value)) out.push('NaN');
    else if (value === Infinity) out.push('Infinity');
    else if (value === -Infinity) out.push('-Infinity');
    else out.push(JSON.stringify(value));
  } else if (typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(', ');
      write(v, out);
    });
    out.push(']');
  } else if (typeof value === 'object') {
    out.push('{');
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (!first) out.push(', ');
      first = false;
      out.push(JSON.stringify(k), ': ');
      write(v, out);
    }
    out.push('}');
  } else {
    out.push('null');
  }
}

const SENTINEL = '\u0000wbnum:';

/** Parse JSON that may contain bare NaN / Infinity / -Infinity (as Python writes it). */
export function wbParse(text: string): unknown {
  let hasBare = false;
  let res = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      res += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === 'N' && text.startsWith('NaN', i)) {
      res += JSON.stringify(SENTINEL + 'NaN');
      hasBare = true;
      i += 3;
    } else if (c === 'I' && text.startsWith('Infinity', i)) {
      res += JSON.stringify(SENTINEL + 'Infinity');
      hasBare = true;
      i += 8;
    } else if (c === '-' && text.startsWith('-Infinity', i)) {
      res += JSON.stringify(SENTINEL + '-Infinity');
      hasBare = true;
      i += 9;
    } else {
      res += c;
      i++;
    }
  }
  if (!hasBare) return JSON.parse(text);
  return JSON.parse(res, (_k, v) => {
    if (typeof v === 'string' && v.startsWith(SENTINEL)) {
      const t = v.slice(SENTINEL.length);
      return t === 'NaN' ? NaN : t === 'Infinity' ? Infinity : -Infinity;
    }
    return v;
  });
}

/** W&B DateTime: ISO 8601 without zone and without fraction, e.g. `2024-01-01T00:00:00` (UTC). */
export function wbDate(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().slice(0, 19);
}

/** Parse a date the way W&B clients send it: ISO with or without zone (zone-less = UTC). */
export function parseWbDate(s: string): number {
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s + 'Z';
  return Date.parse(zoned);
}

export function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

export function unb64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}

/** Opaque Relay cursor for an offset (decodes to `arrayconnection:<n>`, as in W&B's examples). */
export function cursorFor(offset: number): string {
  return b64(`arrayconnection:${offset}`);
}

/** Offset from a cursor; throws a user-facing error for anything else. */
export function offsetFromCursor(cursor: string): number {
  const m = /^arrayconnection:(\d+)$/.exec(unb64(cursor));
  if (!m) throw new Error(`invalid cursor: ${JSON.stringify(cursor)}`);
  return Number(m[1]);
}
