import { ApiError } from './errors.js'
import type { RateBucket } from './router.js'

export interface RateLimitOptions {
  limit: number
  windowMs?: number
  /** Which endpoint group is limited; 'all' limits each group, each with its own counter. */
  bucket?: RateBucket | 'all'
}

/** Vercel's bucket names for these endpoint groups, as seen in its 429 messages. */
const BUCKET_NAMES: Record<RateBucket, string> = { projects: 'api-projects', deployments: 'api-deployments' }

interface Window {
  startedAt: number
  count: number
}

/** Fixed windows per endpoint group: Vercel limits per endpoint, in (mostly) one-minute buckets. */
export class RateLimiter {
  private readonly windows = new Map<RateBucket, Window>()
  private readonly windowMs: number

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {
    this.windowMs = options.windowMs ?? 60_000
  }

  /** Counts one request; throws the 429 Vercel would send once the window is spent. */
  hit(bucket: RateBucket | undefined): void {
    const limited = this.options.bucket ?? 'projects'
    if (bucket === undefined || (limited !== 'all' && limited !== bucket)) return
    const now = this.now()
    let window = this.windows.get(bucket)
    if (!window || now >= window.startedAt + this.windowMs) {
      window = { startedAt: now, count: 0 }
      this.windows.set(bucket, window)
    }
    window.count++
    if (window.count <= this.options.limit) return

    const resetMs = window.startedAt + this.windowMs
    const retryAfter = Math.max(1, Math.ceil((resetMs - now) / 1000))
    throw new ApiError(
      429,
      'rate_limited',
      `Too many requests - try again in ${retryAfter} seconds (more than ${this.options.limit}, code: "${BUCKET_NAMES[bucket]}").`,
      { limit: { remaining: 0, reset: Math.ceil(resetMs / 1000), resetMs, total: this.options.limit } },
    )
  }
}

/** Retry-After for a 429 body carrying Vercel's `limit` object. */
export function retryAfterSeconds(error: ApiError, now: number): number {
  const resetMs = (error.extra['limit'] as { resetMs?: number } | undefined)?.resetMs ?? now + 1000
  return Math.max(1, Math.ceil((resetMs - now) / 1000))
}
