/**
 * A re-run of the same workflow run never silently keeps an earlier attempt's value: it resumes without writing
 * only when Vercel holds exactly the value given (told by a tag keyed with the token, kept in the redeploys' meta);
 * otherwise it writes the value given and rebuilds every project. Through the real SDK port against the emulator.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { valueTag } from '../src/vercel/value-tag.js'
import { redeploys, rotate, statusOf, TOKEN, twoProjects } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const base = { team: 'acme', projects: 'web, api', name: 'DATABASE_URL' }
const attempt = (runAttempt: number) => ({ run: { runId: '777', runAttempt } })
const since = (before: number) => emulator.requests.slice(before)
const createdNames = (requests: Emulator['requests']) =>
  requests
    .filter((r) => r.method === 'POST' && r.path === '/v13/deployments')
    .map((r) => (r.body as { name: string }).name)
    .sort()
const servedValue = (project: string, key = 'DATABASE_URL') => emulator.state.servingDeployment(project)!.env[key]
const REWRITE = /^An earlier attempt of this workflow run wrote a different value: writing the value given and rebuilding every project\.$/
const KEPT = /^Vercel already holds the value given \(an earlier attempt of this workflow run wrote it\): resuming without writing again\.$/

describe('a re-run given a new value (a minting step ran again)', () => {
  it('writes the new value, rebuilds every project, and production serves it at the end', async () => {
    emulator = await twoProjects()
    emulator.state.failNextBuild('prj_api', 'ERROR')
    const first = await rotate(emulator, { ...base, value: 'user1' }, attempt(1))
    expect(statusOf(first.result)).toEqual({ web: 'redeployed', api: 'failed' })
    expect(servedValue('web')).toBe('user1')

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...base, value: 'user2' }, attempt(2))
    const again = since(before)
    expect(again.filter((r) => r.method === 'PATCH' && r.path.includes('/env/'))).toHaveLength(2)
    for (const p of ['web', 'api']) expect(emulator.state.projectEnvs(p).find((r) => r.key === 'DATABASE_URL')!.value).toBe('user2')
    // web served a build with user1: it counts as current no more and is rebuilt with user2.
    expect(createdNames(again)).toEqual(['api', 'web'])
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(second.result.written).toBe(true)
    expect(second.result.rotatedAt).not.toBe(first.result.rotatedAt)
    expect(second.result.safeToRevoke).toBe(true)
    expect(servedValue('web')).toBe('user2')
    expect(servedValue('api')).toBe('user2')
    expect(second.result.earlierWrite).toEqual({ kept: false, line: expect.stringMatching(REWRITE) })
    expect(second.logs.filter((l) => REWRITE.test(l))).toHaveLength(1)
  })

  it("does not adopt the earlier attempt's redeploy still building with the old value: it rebuilds that project too", async () => {
    emulator = await twoProjects()
    emulator.state.failNextBuild('prj_api', 'HANG')
    const first = await rotate(emulator, { ...base, value: 'user1' }, { ...attempt(1), timeoutMs: 1_500 })
    expect(statusOf(first.result)).toEqual({ web: 'redeployed', api: 'failed' })

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...base, value: 'user2' }, { ...attempt(2), timeoutMs: 10_000 })
    expect(createdNames(since(before))).toEqual(['api', 'web'])
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(second.result.safeToRevoke).toBe(true)
    expect(servedValue('api')).toBe('user2')
  })

  it('a shared variable: writes the new value once by ID and rebuilds every linked project', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const seed = seedTeam(emulator.state, { projects: 3, key: 'SHARED_SECRET' })
    const team = { scope: 'team', team: 'bench', name: 'SHARED_SECRET' }
    emulator.state.failNextBuild(seed.projects[1]!.id, 'ERROR')
    await rotate(emulator, { ...team, value: 'user1' }, attempt(1))

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...team, value: 'user2' }, attempt(2))
    const again = since(before)
    expect(again.filter((r) => r.method === 'PATCH' && r.path === '/v1/env')).toHaveLength(1)
    expect(createdNames(again)).toHaveLength(3)
    expect(second.result.safeToRevoke).toBe(true)
    for (const p of seed.projects) expect(servedValue(p.id, 'SHARED_SECRET')).toBe('user2')
    expect(second.result.earlierWrite?.kept).toBe(false)
  })

  it('generate: the values are new on every attempt, so a re-run always writes again and says so', async () => {
    emulator = await twoProjects()
    emulator.state.failNextBuild('prj_api', 'ERROR')
    await rotate(emulator, { ...base, generate: 'base64url:32' }, attempt(1))
    const firstValue = servedValue('web')

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...base, generate: 'base64url:32' }, attempt(2))
    const again = since(before)
    expect(again.filter((r) => r.method === 'PATCH' && r.path.includes('/env/'))).toHaveLength(2)
    expect(createdNames(again)).toEqual(['api', 'web'])
    expect(servedValue('web')).not.toBe(firstValue)
    expect(servedValue('api')).toBe(servedValue('web'))
    expect(second.result.safeToRevoke).toBe(true)
    const said = /generated values are new on every attempt: writing the values generated now and rebuilding every project\.$/
    expect(second.result.earlierWrite).toEqual({ kept: false, line: expect.stringMatching(said) })
    expect(second.logs.some((l) => said.test(l))).toBe(true)
  })
})

describe('a re-run given the value an earlier attempt wrote', () => {
  it('resumes without writing, rebuilds only what failed, says so, and carries the tag on', async () => {
    emulator = await twoProjects()
    emulator.state.failNextBuild('prj_api', 'ERROR')
    await rotate(emulator, { ...base, value: 'user1' }, attempt(1))

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...base, value: 'user1' }, attempt(2))
    const again = since(before)
    expect(again.filter((r) => r.method !== 'GET' && r.path.includes('/env'))).toHaveLength(0)
    expect(createdNames(again)).toEqual(['api'])
    expect(statusOf(second.result)).toEqual({ web: 'already-current', api: 'redeployed' })
    expect(second.result.written).toBe(false)
    expect(second.result.safeToRevoke).toBe(true)
    expect(servedValue('api')).toBe('user1')
    expect(second.result.earlierWrite).toEqual({ kept: true, line: expect.stringMatching(KEPT) })
    expect(second.logs.filter((l) => KEPT.test(l))).toHaveLength(1)
    // A third attempt can tell too: the redeploy of the second carries the same tag as those of the first.
    const tags = new Set(redeploys(emulator).map((r) => (r.body as { meta: Record<string, string> }).meta.rotationTag))
    expect(tags.size).toBe(1)
    expect([...tags][0]).toMatch(/^[\w-]{22}$/)
  })

  it('adopts the redeploys of the earlier attempt still building instead of creating them again', async () => {
    emulator = await twoProjects({ buildMs: 400 })
    await rotate(emulator, { ...base, value: 'user1', wait: 'false' }, attempt(1))
    expect(redeploys(emulator)).toHaveLength(2)

    const before = emulator.requests.length
    const second = await rotate(emulator, { ...base, value: 'user1' }, attempt(2))
    expect(since(before).filter((r) => r.method !== 'GET')).toHaveLength(0)
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(second.result.safeToRevoke).toBe(true)
    expect(second.result.earlierWrite?.kept).toBe(true)
  })
})

describe('a canary that failed on a wrong value, then a re-run with the fixed value', () => {
  it('writes the fixed value, proves the canary again, then rebuilds the rest', async () => {
    emulator = await twoProjects()
    const wrong = 'postgres://wrong-credential-4f1d'
    emulator.state.rejectValue(wrong)
    const raw = { ...base, 'health-check': emulator.healthCheck(), canary: '1', 'health-timeout-minutes': '0.02' }
    const first = await rotate(emulator, { ...raw, value: wrong }, attempt(1))
    expect(statusOf(first.result)).toEqual({ web: 'unhealthy', api: 'skipped' })

    const fixed = 'postgres://fixed-credential-77aa'
    const before = emulator.requests.length
    const second = await rotate(emulator, { ...raw, value: fixed }, attempt(2))
    const again = since(before)
    expect(again.filter((r) => r.method === 'PATCH' && r.path.includes('/env/'))).toHaveLength(2)
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(second.result.safeToRevoke).toBe(true)
    expect(servedValue('web')).toBe(fixed)
    expect(servedValue('api')).toBe(fixed)
    expect(second.result.earlierWrite?.kept).toBe(false)
  })
})

describe('the value tag', () => {
  const VALUE = 'postgres://user:hunter2@db.example/prod'
  const unkeyed = (v: string) =>
    ['sha256', 'sha1', 'md5'].flatMap((alg) =>
      ['hex', 'base64', 'base64url'].map((enc) =>
        createHash(alg)
          .update(v)
          .digest(enc as 'hex'),
      ),
    )

  it('the meta holds neither the value, nor an unkeyed hash of it, nor the token; its tag is keyed with the token', async () => {
    emulator = await twoProjects()
    await rotate(emulator, { ...base, value: VALUE }, attempt(1))
    const metas = redeploys(emulator).map((r) => (r.body as { meta: Record<string, string> }).meta)
    expect(metas).toHaveLength(2)
    for (const meta of metas) {
      const text = JSON.stringify(meta)
      for (const secret of [VALUE, TOKEN, 'hunter2', ...unkeyed(VALUE)]) expect(text).not.toContain(secret)
      for (const hash of unkeyed(VALUE)) expect(text).not.toContain(hash.slice(0, 16))
    }
    const records = ['web', 'api'].map((p) => emulator.state.projectEnvs(p).find((r) => r.key === 'DATABASE_URL')!)
    const values = records.map((r) => ({ recordId: r.id, key: 'DATABASE_URL', value: VALUE }))
    expect(metas[0]!.rotationTag).toBe(valueTag(TOKEN, '777', values))
    expect(metas[0]!.rotationTag).not.toBe(valueTag('another-token', '777', values))
  })
})
