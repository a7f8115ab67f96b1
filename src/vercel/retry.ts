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

/** Exponential backoff with full jitter, or Vercel's own wait for a rate limit plus a little jitter. */
export function delayFor(err: VercelApiError, attempt: number, p: RetryPolicy): number {
  if (err.status === 429 && err.retryAfterMs !== undefined) {
    return err.retryAfterMs + Math.floor(p.random() * 250)
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
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (raw) {
      const err = raw as VercelApiError
      if (!(err instanceof VercelApiError) || !err.transient || p.signal?.aborted) throw raw
      if (err.status !== 429 && ++serverFailures >= p.maxTries) throw err
      const delay = delayFor(err, n, p)
      if (p.now() + delay > p.deadline) throw err
      p.onRetry?.(err, delay, n)
      await p.sleep(delay, p.signal)
      if (beforeRetry && err.ambiguous) {
        const found = await beforeRetry(err)
        if (found !== undefined) return found
      }
    }
  }
}
