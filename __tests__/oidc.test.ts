/** The OIDC token source: masked at once, reused while fresh, minted again before it expires, never retried after a refusal. */
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

  it('a job that cannot mint has no token, asks once, and keeps the reason', async () => {
    let calls = 0
    const tokens = oidcTokens(
      async () => {
        calls++
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
      },
      () => {},
    )
    expect(await tokens()).toBeUndefined()
    expect(await tokens()).toBeUndefined()
    expect(calls).toBe(1)
    expect(tokens.failure()).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL/)
  })

  it('reads exp without trusting the rest', () => {
    expect(expiresAt(jwt(1_700_000_000))).toBe(1_700_000_000_000)
    expect(expiresAt('not-a-jwt')).toBeUndefined()
  })
})
