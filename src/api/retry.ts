import pRetry, { AbortError } from 'p-retry';
import { WandbError, errorFromThrown, isAbort } from './errors';

/** How hard to try before giving up. Defaults follow W&B's own clients (about 20 s in total). */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** No new attempt starts after this many ms since the first one. */
  maxTotalMs: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  /** Cap of one backoff (and of a server's Retry-After). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxTotalMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

/**
 * Parses a Retry-After header: delta-seconds (`"3"`) or an HTTP-date
 * (`"Wed, 21 Oct 2026 07:28:00 GMT"`). Returns ms to wait (>= 0), or undefined if unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with up to 25 % jitter (as wandb-core does) for retry number `retry`
 * (1 = the wait before the second attempt).
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(exp, policy.maxDelayMs);
  return Math.round(capped * (1 + 0.25 * random()));
}

/** Statuses W&B's clients never retry; every other error is retried only if transient. */
export function isRetryable(e: unknown): boolean {
  return e instanceof WandbError && e.transient;
}

/** The wait before the next attempt: the server's Retry-After if it gave one (capped), else backoff. */
export function delayBefore(retry: number, error: unknown, policy: RetryPolicy, random?: () => number): number {
  if (error instanceof WandbError && error.retryAfterMs !== undefined) {
    return Math.min(error.retryAfterMs, policy.maxDelayMs);
  }
  return backoffDelay(retry, policy, random);
}

/** How a wait between attempts passes; rejects with a `cancelled` error when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryHooks {
  /** Called before each wait, for the log. */
  onRetry?: (info: { attempt: number; delayMs: number; error: WandbError }) => void;
  random?: () => number;
  /** Default: a timer (`sleep` below). Tests pass one that notes the wait and returns at once. */
  sleep?: Sleep;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or the policy's budget is
 * spent. Aborting `signal` ends any wait at once with a `cancelled` error.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: RetryHooks = {},
): Promise<T> {
  const started = Date.now();
  try {
    return await pRetry(
      async (n) => {
        try {
          return await attempt(n);
        } catch (e) {
          // Non-transient errors end the loop at once; p-retry rethrows the original.
          if (!isRetryable(e)) throw new AbortError(e instanceof Error ? e : new Error(String(e)));
          throw e;
        }
      },
      {
        retries: Math.max(0, policy.maxAttempts - 1),
        // We wait in onFailedAttempt (to honour Retry-After), so p-retry's own delay is zero.
        minTimeout: 0,
        factor: 1,
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0) return;
          const delay = delayBefore(attemptNumber, error, policy, hooks.random);
          const left = policy.maxTotalMs - (Date.now() - started);
          if (delay >= left) throw error; // waiting would overrun the budget: give up now
          hooks.onRetry?.({ attempt: attemptNumber, delayMs: delay, error: error as WandbError });
          await (hooks.sleep ?? sleep)(delay, signal);
        },
      },
    );
  } catch (e) {
    if (signal?.aborted || isAbort(e)) {
      throw e instanceof WandbError && e.kind === 'cancelled' ? e : new WandbError('cancelled', 'Cancelled.', { cause: e });
    }
    throw e instanceof WandbError ? e : errorFromThrown(e, { host: 'the W&B server' });
  }
}

/** A timer that an AbortSignal ends early (rejecting with a cancelled error). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new WandbError('cancelled', 'Cancelled.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WandbError('cancelled', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
