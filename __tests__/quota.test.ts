/**
 * Vercel's deployment quota (Hobby: 100 a day, HTTP 402 `api-deployments-free-per-day`): the first refusal stops
 * further creates, what was not redeployed is reported so, and a re-run after the reset finishes the rest once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'
import { toVercelError, VercelApiError } from '../src/vercel/errors.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { toDeployment } from '../src/vercel/wire.js'
import { redeploys, rotate, statusOf } from './helpers/rotate.js'

let emulator: Emulator
let running: Emulator[] = []
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()))
  running = []
})

const DAY_MS = 24 * 60 * 60 * 1000
const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value', 'max-parallel': '8' }
const refusals = (e: Emulator) => e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments' && r.status === 402)
const sources = (e: Emulator) => redeploys(e).map((r) => (r.body as { deploymentId: string }).deploymentId)

async function team(projects: number, quota: number) {
  emulator = await startEmulator({ buildMs: 100, deploymentQuota: quota })
  running.push(emulator)
  return seedTeam(emulator.state, { projects, key: 'SHARED_SECRET' })
}

describe('deployment quota', () => {
  it('the port reads the 402 as a quota refusal with its reset, and never retries it', async () => {
    const seed = await team(1, 0)
    const port = new SdkVercel({ token: 'testtoken', apiUrl: emulator.url, team: 'bench', deadline: Date.now() + 60_000 })
    const source = emulator.state.servingDeployment(seed.projects[0]!.id)!
    const err = (await port
      .redeploy(toDeployment(source, { projectId: source.projectId, name: 'app-001' }), {})
      .catch((e: unknown) => e)) as VercelApiError
    expect(err).toBeInstanceOf(VercelApiError)
    expect(err.status).toBe(402)
    expect(err.quota?.code).toBe('api-deployments-free-per-day')
    // The emulator's window is a rolling day: the reset is about a day away, in epoch ms.
    expect(err.quota!.resetAt).toBeGreaterThan(Date.now() + DAY_MS - 60_000)
    expect(err.message).toMatch(/quota is used up/)
    expect(refusals(emulator)).toHaveLength(1)
  })

  it('a per-day limit named in a 429 is a quota too; the per-minute api-deployments bucket is not', () => {
    const answer = (code: string, message: string, limit: object) =>
      toVercelError({ statusCode: 429, body: JSON.stringify({ error: { code, message, limit } }), headers: new Headers() }, 'Redeploy', 'project web')
    const perDay = answer('rate_limited', 'Too many requests (code: "api-deployments-pro-per-day").', { reset: 1_900_000_000 })
    expect(perDay.quota).toEqual({ code: 'api-deployments-pro-per-day', resetAt: 1_900_000_000_000 })
    expect(perDay.transient).toBe(false)
    const perMinute = answer('rate_limited', 'Too many requests (code: "api-deployments").', { reset: 1_900_000_000, resetMs: 1_900_000_000_000 })
    expect(perMinute.quota).toBeUndefined()
    expect(perMinute.transient).toBe(true)
  })

  it('a 402 after 50 creates stops the creates, reports the rest as not redeployed, and a re-run after the reset finishes them once', async () => {
    const seed = await team(80, 50)
    const first = await rotate(emulator, base, { run: { runId: '5150', runAttempt: 1 } })
    expect(redeploys(emulator)).toHaveLength(50)
    // Creates already in flight when the first refusal came back may be refused too; none is sent after it.
    expect(refusals(emulator).length).toBeLessThanOrEqual(8)
    const firstRefusal = emulator.requests.findIndex((r) => r.status === 402)
    const sentAfter = emulator.requests.slice(firstRefusal).filter((r) => r.method === 'POST' && r.path === '/v13/deployments')
    expect(sentAfter.length).toBeLessThanOrEqual(8)

    const statuses = Object.values(statusOf(first.result))
    expect(statuses.filter((s) => s === 'redeployed')).toHaveLength(50)
    expect(statuses.filter((s) => s === 'skipped')).toHaveLength(30)
    for (const p of first.result.projects.filter((p) => p.status === 'skipped')) {
      expect(p.revokeReady).toBe(false)
      expect(p.note).toMatch(
        /Not redeployed: Vercel's deployment quota is used up \(api-deployments-free-per-day\)\. A re-run after the quota resets/,
      )
    }
    expect(first.result.safeToRevoke).toBe(false)
    expect(first.logs.filter((l) => l.startsWith('warning: 30 redeploy(s) not created'))).toHaveLength(1)

    // A day later the quota has room again; the re-run of the same workflow run resumes.
    const realClock = emulator.state.clock
    emulator.state.clock = () => realClock() + DAY_MS + 60_000
    const second = await rotate(emulator, base, { run: { runId: '5150', runAttempt: 2 } })
    expect(redeploys(emulator)).toHaveLength(80)
    expect(new Set(sources(emulator)).size).toBe(80)
    const again = Object.values(statusOf(second.result))
    expect(again.filter((s) => s === 'already-current')).toHaveLength(50)
    expect(again.filter((s) => s === 'redeployed')).toHaveLength(30)
    expect(second.result.safeToRevoke).toBe(true)
    for (const p of seed.projects) expect(emulator.state.servingDeployment(p.id)!.env?.SHARED_SECRET).toBe('new-shared-value')
  })

  it('the bundle exits 1 with safe-to-revoke false, naming the quota', async () => {
    await team(6, 4)
    const run = await runAction({ inputs: { 'vercel-token': 'testtoken', 'api-url': emulator.url, ...base, 'max-parallel': '1' } })
    expect(run.code).toBe(1)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(redeploys(emulator)).toHaveLength(4)
    expect(refusals(emulator)).toHaveLength(1)
    const projects = JSON.parse(run.outputs.projects!) as { name: string; status: string }[]
    expect(projects.map((p) => p.status)).toEqual(['redeployed', 'redeployed', 'redeployed', 'redeployed', 'skipped', 'skipped'])
    expect(run.stdout).toMatch(
      /::error::SHARED_SECRET is not safe to revoke: app-005 \(skipped: Not redeployed: Vercel's deployment quota is used up \(api-deployments-free-per-day\)/,
    )
    expect(run.summary).toMatch(/deployment quota is used up/)
  })

  it('plan says how many deployments a rotate would create, and the quota they count against', async () => {
    await team(120, 100)
    const { result, logs } = await rotate(emulator, { ...base, mode: 'plan' })
    expect(result.warnings.join(' ')).toMatch(/A rotate would create 120 deployment\(s\).*Hobby allows 100 a day/)
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true)
    // Readable at scale: 50 plan lines, then a count.
    expect(logs.filter((l) => /^app-\d+: /.test(l))).toHaveLength(50)
    expect(logs).toContain('... and 70 more project(s): the job summary and the projects output list every one.')
  })
})
