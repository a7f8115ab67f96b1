/**
 * Zero downtime with a wrong value: production rebuilds created staged and proven at their own URL before they
 * are promoted, a health verdict within health-timeout-minutes, on-unhealthy: rollback at that moment, and
 * canaries that hold every other rebuild back. Through the real SDK port against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import { failureOf } from '../src/main.js'
import { outputsOf } from '../src/report/outputs.js'
import { nextStep } from '../src/report/summary.js'
import { redeploys, rotate, sharedClock, statusOf, twoProjects } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const NEW = 'postgres://new-credential-4f1d'
const setup = async () => {
  emulator = await twoProjects()
  return emulator.state
}
const base = () => ({ team: 'acme', projects: 'web, api', name: 'DATABASE_URL', value: NEW, 'health-check': emulator.healthCheck() })
const promotes = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.includes('/promote/'))
const config = (raw: Record<string, string>) => parseInputs({ 'vercel-token': 't', 'api-url': emulator.url, ...raw }).settings

describe('promote: when-healthy (the default with a health check)', () => {
  it('creates each production rebuild staged, proves it at its own URL, and only then promotes it', async () => {
    const s = await setup()
    const before = s.servingDeployment('web')!.uid
    const { result } = await rotate(emulator, base())
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    for (const create of redeploys(emulator)) expect(create.body).toMatchObject({ autoAssignCustomDomains: false, target: 'production' })
    const web = s.servingDeployment('web')!
    expect(web.uid).not.toBe(before)
    // The proof hit the rebuild's own URL before the promote moved production to it.
    const proof = emulator.visits.find((v) => v.host === web.url && v.status === 200)!
    const promote = promotes().find((r) => r.path === `/v10/projects/prj_web/promote/${web.uid}`)!
    expect(proof).toBeDefined()
    expect(promote).toBeDefined()
    const history = s.project('web').productionHistory
    expect(history.at(-1)).toMatchObject({ deploymentId: web.uid })
    expect(history.at(-1)!.at).toBeGreaterThanOrEqual(promote.at)
    // revoke-after counts from the promotion.
    expect(Date.parse(result.revokeAfter!)).toBeGreaterThanOrEqual(promote.at)
  })

  it('never promotes a rebuild that fails its health check: production keeps the old deployment, and the summary says so', async () => {
    const s = await setup()
    s.rejectValue(NEW)
    const before = { web: s.servingDeployment('web')!.uid, api: s.servingDeployment('api')!.uid }
    const raw = { ...base(), 'health-timeout-minutes': '0.02' }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy' })
    expect(promotes()).toHaveLength(0)
    expect({ web: s.servingDeployment('web')!.uid, api: s.servingDeployment('api')!.uid }).toEqual(before)
    expect(s.wrongValueServedMs('web') + s.wrongValueServedMs('api')).toBe(0)
    expect(result.projects[0]!.exposure).toEqual({ kind: 'contained', servingId: before.web })
    expect(result.projects[0]!.note).toMatch(
      new RegExp(`Contained: production still serves ${before.web}, built with the old value; no visitor met the new value`),
    )
    // Where the value is: the rebuild that was never promoted, not production itself.
    expect(result.projects[0]!.note).toMatch(/The new value is in the staged rebuild of production \(dpl_\w+\), which was never promoted,/)
    expect(result.projects[0]!.note).not.toMatch(/is in production/)
    expect(outputsOf(result)['failed-projects']).toBe('web,api')
    const verdict = nextStep(result, config(raw))
    expect(verdict).toMatch(/keep the old credential valid/i)
    expect(verdict).toMatch(/contained/)
    expect(verdict).not.toMatch(/is live/)
    expect(failureOf(config(raw), result, undefined)).toMatch(/contained .*keep the old credential valid/)
  })

  it('judges a wrong value health-timeout-minutes after READY, not at timeout-minutes', async () => {
    const s = await setup()
    s.rejectValue(NEW)
    // Without the health timeout this waits out the 10-minute deadline and the test times out.
    const { result } = await rotate(emulator, { ...base(), projects: 'web', 'health-timeout-minutes': '0.02', 'timeout-minutes': '10' })
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(result.projects[0]!.note).toMatch(/still did not pass 1 s after it was READY \(health-timeout-minutes\) \(HTTP 500\)/)
  })

  it('with promote: auto and on-unhealthy: rollback, production is put back within the health timeout', async () => {
    const s = await setup()
    s.rejectValue(NEW)
    const before = s.servingDeployment('web')!.uid
    const raw = { ...base(), projects: 'web', promote: 'auto', 'on-unhealthy': 'rollback', 'health-timeout-minutes': '0.02', 'timeout-minutes': '10' }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(s.servingDeployment('web')!.uid).toBe(before)
    expect(result.projects[0]!.exposure?.kind).toBe('reached')
    const served = s.wrongValueServedMs('web')
    expect(served).toBeGreaterThan(0)
    expect(served).toBeLessThan(1_200 + 5_000)
  })

  it('a rebuild whose production changed meanwhile is proven but not promoted over the change', async () => {
    const s = await setup()
    const older = s.addDeployment('web', { target: 'production', createdAt: Date.now() - 3_600_000, serving: false })
    let finished = false
    const running = rotate(emulator, { ...base(), projects: 'web' }).finally(() => (finished = true))
    // Someone rolls production back once the rebuild is created, while it builds.
    while (!finished && redeploys(emulator).length === 0) await new Promise((r) => setTimeout(r, 5))
    expect(finished, 'the run ended before its redeploy was created').toBe(false)
    s.rollback('web', older.uid)
    const { result } = await running
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(/Production changed during the rotation .*the proven rebuild .* was left staged, not promoted/)
    expect(promotes()).toHaveLength(0)
    expect(s.servingDeployment('web')!.uid).toBe(older.uid)
  })
})

describe('promoting many', () => {
  it("confirms production for many proven rebuilds from the team's listing, not one project read each", async () => {
    emulator = await startEmulator({ buildMs: 5_000 })
    // One clock for the emulator's builds and the wait, moved on only once every create is answered: the twelve
    // rebuilds are READY, and proven, in the same pass.
    seedTeam(emulator.state, { projects: 12, key: 'SHARED_SECRET', slug: 'bench' })
    const clock = sharedClock(emulator, 12)
    const raw = { team: 'bench', scope: 'team', name: 'SHARED_SECRET', value: NEW, 'health-check': emulator.healthCheck() }
    const { result } = await rotate(emulator, raw, { clock })
    expect(result.safeToRevoke).toBe(true)
    expect(promotes()).toHaveLength(12)
    // Builds are READY a millisecond apart: the first one or two are confirmed alone, the rest share the listing.
    expect(emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v9/projects/')).length).toBeLessThanOrEqual(2)
    const written = emulator.requests.findIndex((r) => r.method === 'PATCH')
    expect(emulator.requests.slice(written).filter((r) => r.method === 'GET' && r.path === '/v10/projects').length).toBeGreaterThanOrEqual(1)
  })
})

describe('canary', () => {
  it('a failed canary stops every other redeploy; a re-run starts with the canary again, and resumes once it passes', async () => {
    const s = await setup()
    s.rejectValue(NEW)
    const raw = { ...base(), canary: '1', 'health-timeout-minutes': '0.02' }
    const first = await rotate(emulator, raw)
    expect(statusOf(first.result)).toEqual({ web: 'unhealthy', api: 'skipped' })
    expect(redeploys(emulator)).toHaveLength(1)
    expect(redeploys(emulator)[0]!.body).toMatchObject({ name: 'web' })
    expect(first.result.projects[1]!.note).toMatch(/Not redeployed: the canary web did not pass .*the canaries go first again/)
    expect(first.result.safeToRevoke).toBe(false)
    expect(failureOf(config(raw), first.result, undefined)).toMatch(/api \(skipped: Not redeployed: the canary web/)

    // The value is fixed: the next run proves the canary first, then rebuilds the rest.
    const fixed = 'postgres://fixed-credential-77aa'
    const second = await rotate(emulator, { ...raw, value: fixed })
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    const creates = redeploys(emulator).slice(1)
    expect(creates.map((r) => (r.body as { name: string }).name)).toEqual(['web', 'api'])
    const webServing = s.project('web').productionHistory.at(-1)!.at
    expect(creates[1]!.at).toBeGreaterThanOrEqual(webServing)
  })

  it('plan names the canaries', async () => {
    await setup()
    const { result, logs } = await rotate(emulator, { ...base(), canary: '1', mode: 'plan' })
    expect(result.projects.map((p) => p.note)).toEqual([
      expect.stringMatching(/^Canary: would .*prove it before any other project/),
      expect.stringMatching(/^Would /),
    ])
    expect(logs.some((l) => l.startsWith('web: (canary)'))).toBe(true)
  })
})
