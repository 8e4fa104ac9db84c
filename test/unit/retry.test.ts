import { describe, expect, it } from 'vitest';
import { WandbError, errorFromStatus } from '../../src/api/errors';
import { backoffDelay, delayBefore, isRetryable, parseRetryAfter, withRetry, DEFAULT_RETRY_POLICY } from '../../src/api/retry';

const fast = { maxAttempts: 4, maxTotalMs: 5_000, baseDelayMs: 1, maxDelayMs: 50 };
const host = { host: 'api.example.com' };

describe('Retry-After', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });
  it('reads an HTTP-date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('is capped by the policy', () => {
    const e = errorFromStatus(429, '', { ...host, retryAfterMs: 3_600_000 });
    expect(delayBefore(1, e, DEFAULT_RETRY_POLICY)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(delayBefore(1, errorFromStatus(429, '', { ...host, retryAfterMs: 1200 }), DEFAULT_RETRY_POLICY)).toBe(1200);
  });
});

describe('backoff', () => {
  it('doubles from the base with at most 25 % jitter, capped', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, p, () => 0)).toBe(100);
    expect(backoffDelay(2, p, () => 0)).toBe(200);
    expect(backoffDelay(3, p, () => 0.999)).toBe(500);
    expect(backoffDelay(10, p, () => 0)).toBe(1000);
    expect(backoffDelay(10, p, () => 1)).toBe(1250);
  });
});

describe('which failures are retried', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
  ])('HTTP %i retried: %s', (status, retried) => {
    expect(isRetryable(errorFromStatus(status, '', host))).toBe(retried);
  });
  it('retries network errors, not GraphQL refusals or cancellation', () => {
    expect(isRetryable(new WandbError('network', 'x'))).toBe(true);
    expect(isRetryable(new WandbError('graphql', 'x'))).toBe(false);
    expect(isRetryable(new WandbError('cancelled', 'x'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries transient failures until success', async () => {
    const seen: number[] = [];
    const out = await withRetry(
      async (n) => {
        seen.push(n);
        if (n < 3) throw errorFromStatus(503, '', host);
        return 'ok';
      },
      fast,
      undefined,
    );
    expect(out).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('does not retry a 401 and keeps its kind', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw errorFromStatus(401, '{"errors":[{"message":"unauthorized"}]}', host);
        },
        fast,
        undefined,
      ),
    ).rejects.toMatchObject({ kind: 'auth' });
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw errorFromStatus(500, '{"errors":["Server down"]}', host);
        },
        fast,
        undefined,
      ),
    ).rejects.toMatchObject({ kind: 'server', message: expect.stringContaining('Server down') });
    expect(calls).toBe(4);
  });

  it('waits what Retry-After says', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw errorFromStatus(429, '', { ...host, retryAfterMs: 40 });
        return 1;
      },
      { ...fast, maxDelayMs: 1000 },
      undefined,
      { onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(delays).toEqual([40]);
  });

  it('passes its waits through an injected sleep, signal included', async () => {
    const waits: Array<[number, AbortSignal | undefined]> = [];
    const signal = new AbortController().signal;
    let calls = 0;
    const started = Date.now();
    await withRetry(
      async () => {
        if (calls++ === 0) throw errorFromStatus(429, '', { ...host, retryAfterMs: 30_000 });
        return 1;
      },
      { ...fast, maxDelayMs: 60_000, maxTotalMs: 120_000 },
      signal,
      { sleep: async (ms, s) => void waits.push([ms, s]) },
    );
    expect(waits).toEqual([[30_000, signal]]);
    expect(Date.now() - started).toBeLessThan(10_000); // the 30 s were not spent
  });

  it('gives up at once when the wait would overrun the total budget', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(
      withRetry(
        async () => {
          calls++;
          throw errorFromStatus(429, '', { ...host, retryAfterMs: 60_000 });
        },
        { ...fast, maxDelayMs: 60_000, maxTotalMs: 1_000 },
        undefined,
      ),
    ).rejects.toMatchObject({ kind: 'rateLimited' });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('cancellation ends a backoff wait at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const p = withRetry(
      async () => {
        throw errorFromStatus(503, '', { ...host, retryAfterMs: 5_000 });
      },
      { ...fast, maxDelayMs: 10_000, maxTotalMs: 60_000 },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 30);
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('an already aborted signal never calls the attempt', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          return 1;
        },
        fast,
        controller.signal,
      ),
    ).rejects.toMatchObject({ kind: 'cancelled' });
    expect(calls).toBe(0);
  });
});
