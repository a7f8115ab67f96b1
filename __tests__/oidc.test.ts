/** The OIDC token source: masked at once, reused while fresh, minted again before it expires, tried once more after a failure, never again after two. */
import { describe, expect, it } from 'vitest'
import { expiresAt, oidcTokens } from '../src/rotation/oidc.js'

const jwt = (exp: number) => ['e30', Buffer.from(JSON.stringify({ exp })).toString('base64url'), 'sig'].join('.')

describe('oidcTokens', () => {
  it('masks each token as it is minted, reuses it, and mints again a minute before it expires', async () => {
    let t = 1_000_000
    const minted: string[] = []
    const masked: string[] = []
    const tokens = oidcTokens(
      async () => {
        const token = jwt(Math.floor(t / 1000) + 300)
        minted.push(token)
        return token
      },
      (s) => masked.push(s),
      () => t,
    )
    const first = await tokens()
    expect(await tokens()).toBe(first)
    t += 239_000
    expect(await tokens()).toBe(first)
    t += 2_000
    const second = await tokens()
    expect(minted).toHaveLength(2)
    expect(second).toBe(minted[1])
    expect(masked).toEqual(minted)
  })

  it('concurrent probes share one mint', async () => {
    let calls = 0
    const tokens = oidcTokens(
      async () => (calls++, jwt(Math.floor(Date.now() / 1000) + 300)),
      () => {},
    )
    await Promise.all([tokens(), tokens(), tokens()])
    expect(calls).toBe(1)
  })

  it('a job that cannot mint has no token, tries twice, and keeps the reason', async () => {
    let calls = 0
    const tokens = oidcTokens(
      async () => {
        calls++
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
      },
      () => {},
      Date.now,
      { retryDelayMs: 1 },
    )
    expect(await tokens()).toBeUndefined()
    expect(await tokens()).toBeUndefined()
    expect(calls).toBe(2)
    expect(tokens.failure()).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL/)
  })

  it('a mint that fails once is tried again after the retry delay, and the token is used and masked', async () => {
    let calls = 0
    const slept: number[] = []
    const masked: string[] = []
    const token = jwt(Math.floor(Date.now() / 1000) + 300)
    const tokens = oidcTokens(
      async () => {
        if (calls++ === 0) throw new Error('Failed to get ID Token. Error message: 503 Service Unavailable')
        return token
      },
      (s) => masked.push(s),
      Date.now,
      { retryDelayMs: 250, sleep: async (ms) => void slept.push(ms) },
    )
    expect(await tokens()).toBe(token)
    expect(await tokens()).toBe(token)
    expect(calls).toBe(2)
    expect(slept).toEqual([250])
    expect(masked).toEqual([token])
    expect(tokens.failure()).toBeUndefined()
  })

  it('a refresh that fails once is tried again, so a long wait keeps its token', async () => {
    let t = 1_000_000
    let calls = 0
    const tokens = oidcTokens(
      async () => {
        calls++
        if (calls === 2) throw new Error('Failed to get ID Token')
        return jwt(Math.floor(t / 1000) + 300)
      },
      () => {},
      () => t,
      { retryDelayMs: 0 },
    )
    await tokens()
    t += 250_000
    expect(await tokens()).toBeDefined()
    expect(calls).toBe(3)
    expect(tokens.failure()).toBeUndefined()
  })

  it('reads exp without trusting the rest', () => {
    expect(expiresAt(jwt(1_700_000_000))).toBe(1_700_000_000_000)
    expect(expiresAt('not-a-jwt')).toBeUndefined()
  })
})
