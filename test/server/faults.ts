/**
 * Fault injection. A rule matches requests by origin, method, path prefix or regex and GraphQL
 * operation name; it skips the first `skip` matches and then applies to the next `times`
 * matches (default 1; `Infinity` or -1 = every match).
 */

export type FaultAction =
  /** Wait this long before handling the request normally. */
  | { kind: 'latency'; ms: number }
  /**
   * Answer with this status instead of handling the request. `retryAfter`: seconds (number) or
   * an HTTP-date string; `retryAfterDate: true` turns a number of seconds into an HTTP-date.
   */
  | { kind: 'status'; status: number; retryAfter?: number | string; retryAfterDate?: boolean; body?: string }
  /** Send the headers and `afterBytes` bytes of the real body (default 0), then destroy the socket. */
  | { kind: 'reset'; afterBytes?: number }
  /** Send the real headers (full Content-Length) but only `bytes` bytes of body (default half), then end. */
  | { kind: 'truncate'; bytes?: number }
  /** Serve the real response with some body bytes flipped (same length): an md5 mismatch. */
  | { kind: 'corrupt' }
  /** Send the real body at `bytesPerSecond` (default 64 KiB/s). */
  | { kind: 'trickle'; bytesPerSecond?: number }
  /** Storage origin: treat the presigned URL as expired (403 like S3/GCS). */
  | { kind: 'expired' }
  /**
   * Serve the real body followed by `bytes` spaces (JSON stays valid): an answer too large to
   * read whole. `chunked`: without a Content-Length, so only counting the body finds out.
   */
  | { kind: 'pad'; bytes: number; chunked?: boolean };

export interface FaultMatch {
  origin?: 'api' | 'storage';
  method?: string;
  /** Path prefix (query string excluded). */
  path?: string;
  /** Regular expression (source string or RegExp) tested on the path. */
  pathRegex?: string | RegExp;
  /** GraphQL operationName (from the body, else from the document's first operation). */
  operationName?: string;
  /** GraphQL variables the request must carry, each equal (JSON-equal) to the one given. */
  variables?: Record<string, unknown>;
}

export type FaultRule = FaultMatch &
  FaultAction & {
    /** Let this many matching requests through first. Default 0. */
    skip?: number;
    /** Apply to this many matching requests. Default 1; Infinity or -1 = all. */
    times?: number;
  };

export interface ActiveFault {
  id: number;
  rule: FaultRule;
  seen: number;
  applied: number;
}

export interface RequestFacts {
  origin: 'api' | 'storage';
  method: string;
  path: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const KINDS = new Set(['latency', 'status', 'reset', 'truncate', 'corrupt', 'trickle', 'expired', 'pad']);

export class FaultController {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  /** Add a rule; returns its id. */
  add(rule: FaultRule): number {
    if (!rule || !KINDS.has((rule as { kind: string }).kind)) {
      throw new Error(`fault rule needs kind: one of ${[...KINDS].join(', ')}`);
    }
    if (rule.kind === 'status' && (typeof rule.status !== 'number' || rule.status < 100 || rule.status > 599)) {
      throw new Error('status fault needs a status between 100 and 599');
    }
    if (typeof rule.pathRegex === 'string') new RegExp(rule.pathRegex); // validate early
    const f: ActiveFault = { id: this.nextId++, rule, seen: 0, applied: 0 };
    this.rules.push(f);
    return f.id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Rules that apply to this request (consumes them). Latency rules combine with one other. */
  take(req: RequestFacts): FaultAction[] {
    const out: FaultAction[] = [];
    for (const f of this.rules) {
      const r = f.rule;
      if (r.origin && r.origin !== req.origin) continue;
      if (r.method && r.method.toUpperCase() !== req.method.toUpperCase()) continue;
      if (r.path && !req.path.startsWith(r.path)) continue;
      if (r.pathRegex) {
        const re = typeof r.pathRegex === 'string' ? new RegExp(r.pathRegex) : r.pathRegex;
        if (!re.test(req.path)) continue;
      }
      if (r.operationName && r.operationName !== req.operationName) continue;
      if (r.variables && !Object.entries(r.variables).every(([k, v]) => JSON.stringify(req.variables?.[k]) === JSON.stringify(v))) continue;
      f.seen++;
      if (f.seen <= (r.skip ?? 0)) continue;
      const times = r.times === undefined ? 1 : r.times < 0 ? Infinity : r.times;
      if (f.applied >= times) continue;
      f.applied++;
      out.push(r);
    }
    // Drop exhausted rules.
    this.rules = this.rules.filter((f) => {
      const t = f.rule.times === undefined ? 1 : f.rule.times < 0 ? Infinity : f.rule.times;
      return f.applied < t;
    });
    return out;
  }
}
