/**
 * Health-check credentials go to the deployment's own host only. The inputs refuse a template that points
 * elsewhere; the proof itself still sends no bypass secret or OIDC token to any other host.
 */
import { describe, expect, it } from 'vitest'
import { mayCarryCredential, templateHost } from '../src/rotation/health.js'
import { prove } from '../src/rotation/wait/prove.js'
import type { Rollout } from '../src/rotation/wait/rollout.js'
import type { ProbeAuth, VercelPort } from '../src/vercel/port.js'

const HOST = 'web-abc123-acme.vercel.app'

describe('templateHost', () => {
  it.each([
    ['https://{url}/api/health', 'deployment'],
    ['https://{url}/x?next=https://evil.example/', 'deployment'],
    ['http://127.0.0.1:4000/_deployments/{url}/api/health', 'loopback'],
    ['https://evil.example/{url}', 'other'],
    ['https://{url}.evil.example/', 'other'],
    ['https://{url}@evil.example/', 'other'],
    ['https://x@{url}/', 'other'],
    ['https://x:y@{url}/', 'other'],
    ['https://deployment-a.invalid/{url}', 'other'],
    ['http://{url}.localhost/', 'other'],
    ['https://exa mple/{url}', 'invalid'],
  ])('%s is %s', (template, where) => expect(templateHost(template)).toBe(where))
})

describe('mayCarryCredential', () => {
  it('only to the deployment host or loopback', () => {
    expect(mayCarryCredential(`https://${HOST}/api/health`, HOST)).toBe(true)
    expect(mayCarryCredential(`https://${HOST}/api/health`, `https://${HOST}/`)).toBe(true)
    expect(mayCarryCredential('http://127.0.0.1:4000/_deployments/x/api/health', HOST)).toBe(true)
    expect(mayCarryCredential(`https://evil.example/${HOST}`, HOST)).toBe(false)
    expect(mayCarryCredential(`https://${HOST}.evil.example/`, HOST)).toBe(false)
    expect(mayCarryCredential(`https://u@${HOST}/`, HOST)).toBe(false)
    expect(mayCarryCredential('not a url', HOST)).toBe(false)
  })
})

describe('prove', () => {
  it('sends the bypass secret and the OIDC token to the deployment host, never to another host a check names', async () => {
    const sent: { url: string; auth: ProbeAuth }[] = []
    const port = { probe: async (url: string, auth?: ProbeAuth) => (sent.push({ url, auth }), { status: 200 }) } as unknown as VercelPort
    const log = { info: () => {}, warning: () => {}, debug: () => {} }
    // Templates as they would be had one got past the inputs.
    const checks = ['/api/health', 'https://evil.example/{url}', 'https://{url}.evil.example/']
    for (const o of [{ bypass: 'bypass-canary' }, { auth: 'oidc' as const, oidcToken: async () => 'oidc-canary' }]) {
      sent.length = 0
      const r = {
        project: { name: 'web', id: 'prj_web' },
        kind: 'production',
        source: { id: 'dpl_old', url: 'web-old.vercel.app' },
        deployment: { id: 'dpl_new', url: HOST },
        outcome: 'pending',
        stage: 'proving',
        probes: 0,
        nextProbeAt: 0,
      } as unknown as Rollout
      expect(await prove(r, port, { checks, ...o }, Date.now(), log)).toBe(true)
      expect(sent.map((s) => s.url)).toEqual([`https://${HOST}/api/health`, `https://evil.example/${HOST}`, `https://${HOST}.evil.example/`])
      expect(sent[0]!.auth).toBeDefined()
      expect(sent.slice(1).map((s) => s.auth)).toEqual([undefined, undefined])
    }
  })
})
