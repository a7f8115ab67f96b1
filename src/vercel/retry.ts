import { VercelApiError } from './errors.js'

export interface RetryPolicy {
  /** Absolute epoch ms after which no further try starts. */
  deadline: number
  /** Tries for server errors and dropped connections (rate limits retry until the deadline). */
  maxTries: number
  baseDelayMs: number
  maxDelayMs: number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  now: () => number
  random: () => number
  signal?: AbortSignal
  onRetry?: (err: VercelApiError, delayMs: number, attempt: number) => void
}

// abort() gives a DOMException (an Error); abort(reason) may give any value, which callers expect as an Error.
const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)))

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })

export function defaultPolicy(deadline: number, signal?: AbortSignal): RetryPolicy {
  return {
    deadline,
    maxTries: 6,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    sleep,
    now: Date.now,
    random: Math.random,
    signal,
  }
}

/**
 * How far apart 429 retries spread. Vercel limits most APIs in one-minute buckets ("Many of our APIs use 1 minute
 * rate limit buckets", the CLI's util/client.ts, which adds a random 0 to 30 s). Parallel workers refused together
 * and all sent again when the same Retry-After ends meet the bucket together and are refused again. So each waits
 * Retry-After plus a random part of a window that widens by this much for every request of the run then waiting
 * on a rate limit: they come back about two a second, the pace of a 120-a-minute bucket (`api-projects`, the
 * smallest Vercel is known to use). One request waits at most 1 s more, ten at most 5 s; never more than
 * maxDelayMs (30 s by default, the CLI's skew), so a policy made for tests keeps its retries quick.
 */
export const SPREAD_PER_WAITING_MS = 500
const MIN_SPREAD_MS = 1_000

// Requests waiting out a 429, per policy: one policy is shared by every call of a run's client.
const waitingOn = new WeakMap<RetryPolicy, { n: number }>()

/** Exponential backoff with full jitter, or Vercel's own wait for a rate limit plus a spread over seconds. */
export function delayFor(err: VercelApiError, attempt: number, p: RetryPolicy, waiting = 1): number {
  if (err.status === 429 && err.retryAfterMs !== undefined) {
    const spread = Math.min(p.maxDelayMs, Math.max(MIN_SPREAD_MS, waiting * SPREAD_PER_WAITING_MS))
    return err.retryAfterMs + Math.floor(p.random() * spread)
  }
  const ceiling = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1))
  return Math.max(50, Math.floor(p.random() * ceiling))
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the deadline passes.
 * `beforeRetry` runs after an ambiguous failure and may return a result instead of trying again:
 * that is how a create that may have happened is looked up rather than repeated.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  p: RetryPolicy,
  beforeRetry?: (err: VercelApiError) => Promise<T | undefined>,
): Promise<T> {
  let serverFailures = 0
  const waiting = waitingOn.get(p) ?? { n: 0 }
  waitingOn.set(p, waiting)
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (raw) {
      const err = raw as VercelApiError
      if (!(err instanceof VercelApiError) || !err.transient || p.signal?.aborted) throw raw
      if (err.status !== 429 && ++serverFailures >= p.maxTries) throw err
      const limited = err.status === 429 && err.retryAfterMs !== undefined
      let delay = delayFor(err, n, p, limited ? waiting.n + 1 : 1)
      const left = p.deadline - p.now()
      // The spread never takes a retry past the deadline that Vercel's own Retry-After would have met.
      if (limited && delay > left && err.retryAfterMs <= left) delay = left
      if (delay > left) throw err
      p.onRetry?.(err, delay, n)
      if (limited) waiting.n++
      try {
        await p.sleep(delay, p.signal)
      } finally {
        if (limited) waiting.n--
      }
      if (beforeRetry && err.ambiguous) {
        const found = await beforeRetry(err)
        if (found !== undefined) return found
      }
    }
  }
}
