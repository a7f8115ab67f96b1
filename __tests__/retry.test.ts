import { describe, expect, it } from 'vitest'
import { retryAfterMs, toVercelError, VercelApiError } from '../src/vercel/errors.js'
import { withRetry, type RetryPolicy } from '../src/vercel/retry.js'

function policy(over: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = []
  let now = 0
  return {
    deadline: 600_000,
    maxTries: 4,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    random: () => 0.5,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
    slept,
    ...over,
  }
}
const http = (status: number, retryAfter?: number) => new VercelApiError(`HTTP ${status}`, 'http', 'op', status, undefined, retryAfter)

describe('withRetry', () => {
  it('retries 429 after the time Vercel asked for, and 5xx with backoff', async () => {
    const p = policy()
    const answers = [http(503), http(429, 2000), http(502)]
    const result = await withRetry(async () => {
      const next = answers.shift()
      if (next) throw next
      return 'done'
    }, p)
    expect(result).toBe('done')
    expect(p.slept).toHaveLength(3)
    expect(p.slept[1]).toBeGreaterThanOrEqual(2000)
  })

  it('never retries another 4xx', async () => {
    const p = policy()
    let calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw http(404)
      }, p),
    ).rejects.toThrow('HTTP 404')
    expect(calls).toBe(1)
  })

  it('gives up on server errors after maxTries', async () => {
    const p = policy({ maxTries: 3 })
    let calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw http(500)
      }, p),
    ).rejects.toThrow('HTTP 500')
    expect(calls).toBe(3)
  })

  it('stops at the deadline even for rate limits', async () => {
    const p = policy({ deadline: 5_000 })
    let calls = 0
    await expect(
      withRetry(async () => {
        calls++
        throw http(429, 3_000)
      }, p),
    ).rejects.toThrow('HTTP 429')
    expect(calls).toBe(2)
  })

  it('spreads workers refused by one 429 over seconds after the same Retry-After, not within 250 ms', async () => {
    const workers = 10
    const slept: number[] = []
    // Every worker sleeps at once: the sleeps end together, once all ten are waiting.
    let release!: () => void
    const allWaiting = new Promise<void>((r) => (release = r))
    let draws = 0
    const p = policy({
      // Evenly spread draws, so the test does not depend on chance.
      random: () => (draws++ + 0.5) / workers,
      sleep: async (ms) => {
        slept.push(ms)
        if (slept.length === workers) release()
        await allWaiting
      },
    })
    const results = await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        let first = true
        return withRetry(async () => {
          if (first) {
            first = false
            throw http(429, 1_000)
          }
          return i
        }, p)
      }),
    )
    expect(results).toHaveLength(workers)
    expect(slept).toHaveLength(workers)
    // Each waits out Vercel's Retry-After, then the workers come back spread over seconds.
    for (const ms of slept) expect(ms).toBeGreaterThanOrEqual(1_000)
    expect(Math.max(...slept) - Math.min(...slept)).toBeGreaterThan(2_000)
    // Never more than the CLI's own 30 s skew.
    for (const ms of slept) expect(ms).toBeLessThanOrEqual(1_000 + 30_000)
  })

  it("keeps a 429's spread within maxDelayMs, so a test's policy stays quick, and within the deadline", async () => {
    const quick = policy({ maxDelayMs: 200, random: () => 0.999 })
    const answers = [http(429, 1_000)]
    await withRetry(async () => {
      const next = answers.shift()
      if (next) throw next
      return 'done'
    }, quick)
    expect(quick.slept).toEqual([1_199])
    // Retry-After alone meets the deadline: the spread is cut to it rather than give up.
    const tight = policy({ deadline: 1_500, random: () => 0.999 })
    const again = [http(429, 1_000)]
    await withRetry(async () => {
      const next = again.shift()
      if (next) throw next
      return 'done'
    }, tight)
    expect(tight.slept).toEqual([1_500])
  })

  it('looks before it repeats an ambiguous failure', async () => {
    const p = policy()
    let creates = 0
    const found = await withRetry(
      async () => {
        creates++
        throw new VercelApiError('reset', 'transport', 'create')
      },
      p,
      async () => 'the deployment the lost answer would have named',
    )
    expect(found).toBe('the deployment the lost answer would have named')
    expect(creates).toBe(1)
  })
})

describe('errors', () => {
  it('reads Retry-After in seconds, as a date, and from the body', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), {}, now)).toBe(7000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), {}, now)).toBe(5000)
    expect(retryAfterMs(new Headers(), { limit: { reset: now / 1000 + 3 } }, now)).toBe(3000)
    expect(retryAfterMs(new Headers(), { limit: { resetMs: now + 1500 } }, now)).toBe(1500)
  })

  it('names the fix for 401, 403, 404 and 402, and never copies the request', () => {
    const body = (code: string, message: string) => JSON.stringify({ error: { code, message } })
    const e403 = toVercelError({ statusCode: 403, body: body('forbidden', 'Not authorized'), headers: new Headers() }, 'Read project', 'project web')
    expect(e403.message).toMatch(/token was accepted but may not do this for project web.*team/)
    const bad = toVercelError(
      {
        statusCode: 403,
        body: JSON.stringify({ error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }),
        headers: new Headers(),
      },
      'Read project',
      'project web',
    )
    expect(bad.message).toMatch(/vercel-token is valid and not expired/)
    const e401 = toVercelError({ statusCode: 401, body: '', headers: new Headers() }, 'Read project', 'project web')
    expect(e401.message).toMatch(/vercel-token is valid/)
    const e404 = toVercelError(
      { statusCode: 404, body: body('not_found', 'Project not found'), headers: new Headers() },
      'Read project',
      'project web',
    )
    expect(e404.message).toMatch(/Check the project name or ID/)
    const e402 = toVercelError({ statusCode: 402, body: '', headers: new Headers() }, 'Redeploy', 'project web')
    expect(e402.message).toMatch(/quota/)
    expect(e402.transient).toBe(false)
    expect(toVercelError({ name: 'ConnectionError', message: 'x' }, 'Redeploy', 'project web').ambiguous).toBe(true)
  })
})
