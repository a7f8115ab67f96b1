/**
 * safe-to-revoke means "proven to work in every environment that uses the value": health checks on each new
 * deployment, Deployment Protection, on-unhealthy rollback, custom environments, Deployment Checks, Skew
 * Protection, and a verdict that only counts the covered environments. Through the real SDK against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/index.js'
import { failureOf } from '../src/main.js'
import { parseInputs } from '../src/inputs.js'
import { outputsOf } from '../src/report/outputs.js'
import { nextStep } from '../src/report/summary.js'
import { PlanError } from '../src/rotation/plan.js'
import { redeploys, rotate, statusOf, twoProjects, writes } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())
const DAY = 86_400_000
const NEW = 'postgres://new-credential'

async function setup(o: { buildMs?: number } = {}) {
  emulator = await twoProjects(o)
  return emulator.state
}
const base = () => ({ team: 'acme', projects: 'web, api', name: 'DATABASE_URL', value: NEW, 'health-check': emulator.healthCheck('/api/health') })
const config = (raw: Record<string, string>) => parseInputs({ 'vercel-token': 't', 'api-url': emulator.url, ...raw }).settings

describe('health checks', () => {
  it('fetch every new deployment at its own URL, and a passing check opens the gate', async () => {
    const s = await setup()
    const { result } = await rotate(emulator, base())
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    for (const p of ['web', 'api']) {
      const serving = s.servingDeployment(p)!
      // The check hit the new build itself, not the production domain.
      expect(emulator.visits.filter((v) => v.host === serving.url && v.path === '/api/health' && v.status === 200)).toHaveLength(1)
    }
    expect(emulator.visits.some((v) => v.host.endsWith('.vercel.app') && !v.host.includes('-'))).toBe(false)
  })

  it('a wrong new value ends unhealthy (promote: auto): safe-to-revoke false, one redeploy per project, and a plain error', async () => {
    const s = await setup()
    s.rejectValue(NEW)
    const { result } = await rotate(emulator, { ...base(), promote: 'auto' }, { timeoutMs: 3_000 })
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy' })
    expect(result.safeToRevoke).toBe(false)
    expect(redeploys(emulator)).toHaveLength(2)
    expect(result.projects[0]!.note).toMatch(/new value is live .* but not working: keep the old credential valid/)
    // It was retried with backoff, not judged on one answer.
    expect(emulator.visits.filter((v) => v.status === 500).length).toBeGreaterThan(2)
    const failure = failureOf(config(base()), result, undefined)!
    expect(failure).toMatch(/web \(unhealthy/)
    expect(failure).toMatch(/api \(unhealthy/)
    expect(failure).toMatch(/keep the old credential valid/i)
  })

  it('retries through cold starts (503s) until the deployment answers', async () => {
    const s = await setup()
    // Two cold answers show the retries go on; a third would only add the 4 s of backoff before it.
    s.configure('web', { coldStartVisits: 2 })
    const { result } = await rotate(emulator, base())
    expect(result.safeToRevoke).toBe(true)
    const web = s.servingDeployment('web')!
    expect(emulator.visits.filter((v) => v.host === web.url).map((v) => v.status)).toEqual([503, 503, 200])
  })

  it('without health-check, nothing is fetched', async () => {
    await setup()
    const { result } = await rotate(emulator, { ...base(), 'health-check': '' })
    expect(result.safeToRevoke).toBe(true)
    expect(emulator.visits).toHaveLength(0)
  })
})

describe('on-unhealthy: rollback', () => {
  it('puts production back on the pre-rotation deployment and says Vercel now stages production builds', async () => {
    const s = await setup()
    const before = s.servingDeployment('web')!.uid
    s.rejectValue(NEW)
    const { result } = await rotate(emulator, { ...base(), projects: 'web', promote: 'auto', 'on-unhealthy': 'rollback' }, { timeoutMs: 2_000 })
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(s.servingDeployment('web')!.uid).toBe(before)
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path === `/v1/projects/prj_web/rollback/${before}`)).toBe(true)
    expect(result.projects[0]!.note).toMatch(/rolled back to .*stages new production builds until the rollback is undone/)
    expect(result.projects[0]!.rolledBackTo).toBe(before)
  })

  it('with keep (the default), production stays on the new deployment', async () => {
    const s = await setup()
    const before = s.servingDeployment('web')!.uid
    s.rejectValue(NEW)
    await rotate(emulator, { ...base(), projects: 'web', promote: 'auto' }, { timeoutMs: 1_500 })
    expect(s.servingDeployment('web')!.uid).not.toBe(before)
    expect(emulator.requests.some((r) => r.path.includes('/rollback/'))).toBe(false)
  })
})

describe('Deployment Protection', () => {
  it("uses the project's own automation bypass secret when protection-bypass is empty", async () => {
    const s = await setup()
    s.configure('web', { protection: true, bypassSecrets: ['own-bypass-secret-0001'] })
    const secrets: string[] = []
    const { result, logs } = await rotate(emulator, { ...base(), projects: 'web' }, { onSecret: (x) => secrets.push(x) })
    expect(result.safeToRevoke).toBe(true)
    expect(emulator.visits.every((v) => v.bypass)).toBe(true)
    // Masked the moment it was read, and never printed.
    expect(secrets).toContain('own-bypass-secret-0001')
    expect(JSON.stringify({ result, logs })).not.toContain('own-bypass-secret-0001')
  })

  it('prefers the protection-bypass input', async () => {
    const s = await setup()
    s.configure('web', { protection: true, bypassSecrets: ['given-bypass-secret-02'] })
    const { result } = await rotate(emulator, { ...base(), projects: 'web', 'protection-bypass': 'given-bypass-secret-02' })
    expect(result.safeToRevoke).toBe(true)
  })

  it('a protected project with health checks and no credential to pass is refused in plan and rotate, before any write', async () => {
    const s = await setup()
    s.configure('web', { protection: true })
    for (const mode of ['plan', 'rotate']) {
      const run = rotate(emulator, { ...base(), projects: 'web', mode })
      await expect(run).rejects.toThrow(PlanError)
      const message = await run.catch((e: Error) => e.message)
      expect(message).toMatch(/^web: Deployment Protection covers its production deployment URLs/)
      // The three ways through, named.
      expect(message).toMatch(/id-token: write.*Trusted Sources rule.*`protection-bypass`.*Protection Bypass for Automation/)
    }
    expect(writes(emulator)).toEqual([])
    expect(emulator.visits).toEqual([])
  })

  it('probe-auth: none on a protected project is refused too, even with a bypass at hand', async () => {
    const s = await setup()
    s.configure('web', { protection: true, bypassSecrets: ['own-bypass-secret-0003'] })
    await expect(rotate(emulator, { ...base(), projects: 'web', 'probe-auth': 'none' })).rejects.toThrow(
      /web: .*probe-auth: none sends no credential/,
    )
    expect(writes(emulator)).toEqual([])
  })

  it('OIDC passes the refusal where a Trusted Sources rule exists, not where the project has none', async () => {
    const s = await setup()
    s.configure('web', { protection: true, trustedRepositories: ['acme/platform'] })
    s.configure('api', { protection: true })
    await expect(rotate(emulator, { ...base(), mode: 'plan' }, { oidc: true })).rejects.toThrow(
      /^api: .*The job can mint an OIDC token, but the project has no Trusted Sources rule/,
    )
    const { result } = await rotate(emulator, { ...base(), projects: 'web' }, { oidc: true })
    expect(result.safeToRevoke).toBe(true)
  })

  it('without health checks, protection is no ground to refuse', async () => {
    const s = await setup()
    s.configure('web', { protection: true })
    const { result } = await rotate(emulator, { ...base(), projects: 'web', 'health-check': '' })
    expect(result.safeToRevoke).toBe(true)
  })

  it('a 401 from a bypass secret that does not pass fails at once and names the fix; nothing is created or revoked', async () => {
    const s = await setup()
    s.configure('web', { protection: true, bypassSecrets: ['the-right-bypass-01'] })
    const { result } = await rotate(emulator, { ...base(), projects: 'web', 'protection-bypass': 'a-wrong-bypass-02' }, { timeoutMs: 20_000 })
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(result.projects[0]!.note).toMatch(/HTTP 401.*protection-bypass.*Protection Bypass for Automation/)
    expect(result.projects[0]!.note).not.toMatch(/fix the value/i)
    expect(emulator.visits.filter((v) => v.status === 401)).toHaveLength(1)
    // The action never touches the project's bypass settings.
    expect(
      emulator.requests.filter((r) => r.path.includes('protection-bypass') || (r.method === 'PATCH' && r.path.startsWith('/v1/projects'))),
    ).toEqual([])
  })
})

describe('custom environments', () => {
  async function staging() {
    const s = await setup()
    const env = s.addCustomEnvironment('web', { slug: 'staging' })
    s.addDeployment('web', { target: null, customEnvironmentId: env.id, createdAt: Date.now() - DAY })
    return { s, env }
  }

  it('a record covering production and staging gets both rebuilt and serving before safe-to-revoke', async () => {
    const { s, env } = await staging()
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(env.id)
    const oldStaging = s.findDeployment('team_acme', env.domains[0]!)
    const { result } = await rotate(emulator, { ...base(), projects: 'web' })
    expect(result.safeToRevoke).toBe(true)
    const web = result.projects[0]!
    expect(web.environments).toEqual([expect.objectContaining({ slug: 'staging', status: 'redeployed' })])
    const nowStaging = s.findDeployment('team_acme', env.domains[0]!)
    expect(nowStaging.uid).not.toBe(oldStaging.uid)
    expect(nowStaging.env.DATABASE_URL).toBe(NEW)
    expect(nowStaging.customEnvironmentId).toBe(env.id)
    const bodies = redeploys(emulator).map((r) => r.body as { deploymentId: string; customEnvironmentSlugOrId?: string; target?: string })
    expect(bodies).toContainEqual(expect.objectContaining({ deploymentId: oldStaging.uid, customEnvironmentSlugOrId: env.id }))
    // Health-checked at its own URL too.
    expect(emulator.visits.some((v) => v.host === nowStaging.url && v.status === 200)).toBe(true)
  })

  it('targets: staging rebuilds staging only, not production', async () => {
    const { s, env } = await staging()
    s.addProjectEnv('web', { key: 'API_KEY', value: 'old', type: 'encrypted', customEnvironmentIds: [env.id] })
    const prod = s.servingDeployment('web')!.uid
    const { result } = await rotate(emulator, { ...base(), projects: 'web', name: 'API_KEY', targets: 'staging' })
    expect(result.safeToRevoke).toBe(true)
    expect(redeploys(emulator)).toHaveLength(1)
    expect(s.servingDeployment('web')!.uid).toBe(prod)
    expect((redeploys(emulator)[0]!.body as { customEnvironmentSlugOrId?: string }).customEnvironmentSlugOrId).toBe(env.id)
  })

  it('a shared variable for all custom environments rebuilds each linked project’s custom environments', async () => {
    const { s, env } = await staging()
    s.addSharedEnv('team_acme', {
      key: 'SHARED_KEY',
      value: 'old',
      type: 'sensitive',
      target: ['production'],
      projectIds: ['web', 'api'],
      applyToAllCustomEnvironments: true,
    })
    const { result } = await rotate(emulator, { team: 'team_acme', scope: 'team', name: 'SHARED_KEY', value: NEW })
    expect(result.safeToRevoke).toBe(true)
    expect(result.projects.find((p) => p.name === 'web')!.environments).toEqual([expect.objectContaining({ slug: 'staging', status: 'redeployed' })])
    expect(s.findDeployment('team_acme', env.domains[0]!).env.SHARED_KEY).toBe(NEW)
    expect(redeploys(emulator)).toHaveLength(3)
  })

  it('redeploy without custom leaves staging on the old value, and the verdict says so', async () => {
    const { s, env } = await staging()
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(env.id)
    const { result } = await rotate(emulator, { ...base(), projects: 'web', redeploy: 'production' })
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[0]!.environments![0]!.status).toBe('skipped')
    expect(failureOf(config({ ...base(), redeploy: 'production' }), result, undefined)).toMatch(/Environment staging: Not redeployed .*old value/)
  })

  it('plan lists the custom environments it would rebuild', async () => {
    const { s, env } = await staging()
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(env.id)
    const { result } = await rotate(emulator, { ...base(), projects: 'web', mode: 'plan' })
    expect(result.projects[0]!.note).toMatch(/redeploy environment staging/)
    expect(result.projects[0]!.environments).toEqual([expect.objectContaining({ slug: 'staging', status: 'planned' })])
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })
})

describe('Deployment Checks', () => {
  it('checks that conclude failed fail the project', async () => {
    const s = await setup()
    s.configure('web', { checks: { conclusion: 'failed', durationMs: 100 } })
    const { result } = await rotate(emulator, { ...base(), 'health-check': '' })
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'redeployed' })
    expect(result.projects[0]!.note).toMatch(/Deployment Checks concluded failed/)
    expect(result.safeToRevoke).toBe(false)
  })

  it('while checks run the deployment is still pending; once they pass it counts', async () => {
    const s = await setup()
    s.configure('web', { checks: { conclusion: 'succeeded', durationMs: 400 } })
    const { result } = await rotate(emulator, { ...base(), projects: 'web' })
    expect(result.safeToRevoke).toBe(true)
    const d = s.servingDeployment('web')!
    // The health check ran only after the checks had finished.
    expect(emulator.visits.filter((v) => v.host === d.url)).toHaveLength(1)
  })

  it.each(['canceled', 'skipped'] as const)(
    'checks that conclude %s are not a pass: the project fails, naming the conclusion',
    async (conclusion) => {
      const s = await setup()
      s.configure('web', { checks: { conclusion, durationMs: 50 } })
      const { result } = await rotate(emulator, { ...base(), 'health-check': '' })
      expect(statusOf(result)).toEqual({ web: 'failed', api: 'redeployed' })
      expect(result.projects[0]!.note).toMatch(new RegExp(`Deployment Checks concluded ${conclusion} for the new deployment, which is not a pass`))
      expect(result.safeToRevoke).toBe(false)
    },
  )

  it.each([
    ['failed', 0, /concluded failed, which is not a pass/],
    ['canceled', 0, /concluded canceled, which is not a pass/],
    ['skipped', 0, /concluded skipped, which is not a pass/],
    ['succeeded', 60_000, /is still running its Deployment Checks/],
  ] as const)(
    'redeploy: an already-current deployment whose checks %s (running %i ms) holds the verdict back, with or without health checks',
    async (conclusion, durationMs, note) => {
      const s = await setup()
      // The value was written a minute ago; web was built since: already current, but its Deployment Checks did not pass.
      for (const r of [...s.projectEnvs('web'), ...s.projectEnvs('api')]) r.updatedAt -= 60_000
      s.addDeployment('web', { target: 'production', createdAt: Date.now() - 30_000, checks: { conclusion, durationMs } })
      for (const healthCheck of ['', emulator.healthCheck('/api/health')]) {
        const { result } = await rotate(emulator, {
          team: 'acme',
          projects: 'web, api',
          name: 'DATABASE_URL',
          mode: 'redeploy',
          'health-check': healthCheck,
        })
        expect(statusOf(result)).toEqual({ web: 'failed', api: healthCheck ? 'already-current' : 'redeployed' })
        expect(result.projects[0]!.note).toMatch(note)
        expect(result.projects[0]!.revokeReady).toBe(false)
        expect(result.safeToRevoke).toBe(false)
      }
    },
  )

  it('rotate: on a re-run, an already-current deployment whose checks failed holds the verdict back', async () => {
    const s = await setup()
    s.failNextBuild('api', 'ERROR')
    const raw = { ...base(), 'health-check': '' }
    const first = await rotate(emulator, raw, { run: { runId: '61', runAttempt: 1 } })
    expect(statusOf(first.result)).toEqual({ web: 'redeployed', api: 'failed' })
    s.addDeployment('web', { target: 'production', checks: { conclusion: 'failed', durationMs: 0 } })
    const second = await rotate(emulator, raw, { run: { runId: '61', runAttempt: 2 } })
    expect(statusOf(second.result)).toEqual({ web: 'failed', api: 'redeployed' })
    expect(second.result.projects[0]!.note).toMatch(/built after the value was written, has Deployment Checks that concluded failed/)
    expect(second.result.safeToRevoke).toBe(false)
  })

  it('while checks still run at the timeout, the project fails', async () => {
    const s = await setup()
    s.configure('web', { checks: { conclusion: 'succeeded', durationMs: 60_000 } })
    const { result } = await rotate(emulator, { ...base(), projects: 'web' }, { timeoutMs: 1_500 })
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(/Deployment Checks are still running/)
  })
})

describe('Skew Protection', () => {
  const verify = { team: 'acme', projects: 'web, api', name: 'DATABASE_URL', mode: 'verify' }

  it('revoke-after is when the replaced deployment leaves the window, counted from its creation; verify stays stale until then', async () => {
    const s = await setup()
    s.configure('web', { skewProtectionMaxAge: 3600 })
    // Production was deployed ten minutes ago: clients pinned to it reach the old value for fifty minutes more.
    const old = s.addDeployment('web', { target: 'production', createdAt: Date.now() - 600_000 })
    const { result } = await rotate(emulator, base())
    expect(result.safeToRevoke).toBe(true)
    expect(result.revokeAfter).toBe(new Date(old.createdAt + 3600_000).toISOString())

    const v = await rotate(emulator, verify)
    expect(statusOf(v.result)).toEqual({ web: 'stale', api: 'verified' })
    expect(v.result.projects[0]!.note).toContain(`until ${new Date(old.createdAt + 3600_000).toISOString()}`)
  })

  it('a replaced deployment created longer ago than the maximum age holds nothing back: its pinned clients are already cut off', async () => {
    const s = await setup()
    s.configure('web', { skewProtectionMaxAge: 3600 }) // production was deployed a day ago
    const { result } = await rotate(emulator, base())
    expect(result.safeToRevoke).toBe(true)
    expect(Date.parse(result.revokeAfter!)).toBeLessThanOrEqual(Date.now())
    const v = await rotate(emulator, verify)
    expect(statusOf(v.result)).toEqual({ web: 'verified', api: 'verified' })
  })

  it('redeploy: for a project already current, the window of the newest deployment built before the write counts', async () => {
    const s = await setup()
    s.configure('web', { skewProtectionMaxAge: 3600 })
    const old = s.addDeployment('web', { target: 'production', createdAt: Date.now() - 600_000 })
    for (const r of [...s.projectEnvs('web'), ...s.projectEnvs('api')]) r.updatedAt = Date.now() - 300_000
    s.addDeployment('web', { target: 'production', createdAt: Date.now() - 60_000 })
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web, api', name: 'DATABASE_URL', mode: 'redeploy' })
    expect(statusOf(result)).toEqual({ web: 'already-current', api: 'redeployed' })
    expect(result.revokeAfter).toBe(new Date(old.createdAt + 3600_000).toISOString())
  })

  it('a replaced deployment created before skewProtectionBoundaryAt has no window', async () => {
    const s = await setup()
    const old = s.addDeployment('web', { target: 'production', createdAt: Date.now() - 600_000 })
    s.configure('web', { skewProtectionMaxAge: 3600, skewProtectionBoundaryAt: old.createdAt + 1 })
    const { result } = await rotate(emulator, base())
    expect(result.safeToRevoke).toBe(true)
    expect(Date.parse(result.revokeAfter!)).toBeLessThanOrEqual(Date.now())
    const v = await rotate(emulator, verify)
    expect(statusOf(v.result)).toEqual({ web: 'verified', api: 'verified' })
  })
})

describe('verify', () => {
  it.each([
    ['canceled', 0, /concluded canceled, which is not a pass/],
    ['succeeded', 600_000, /Deployment Checks of the deployment serving production are still running/],
  ] as const)('is stale while the Deployment Checks of what serves %s (running %i ms) have not passed', async (conclusion, durationMs, note) => {
    const s = await setup()
    for (const r of s.projectEnvs('web')) r.updatedAt = Date.now() - 300_000
    s.addDeployment('web', { target: 'production', createdAt: Date.now() - 60_000, checks: { conclusion, durationMs } })
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'DATABASE_URL', mode: 'verify' })
    expect(statusOf(result)).toEqual({ web: 'stale' })
    expect(result.projects[0]!.note).toMatch(note)
    expect(result.safeToRevoke).toBe(false)
  })

  it('is stale for a custom environment still on an old build', async () => {
    const s = await setup()
    const env = s.addCustomEnvironment('web', { slug: 'staging' })
    s.addDeployment('web', { target: null, customEnvironmentId: env.id, createdAt: Date.now() - DAY })
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(env.id)
    await rotate(emulator, { ...base(), projects: 'web', redeploy: 'production' })
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'DATABASE_URL', mode: 'verify' })
    expect(statusOf(result)).toEqual({ web: 'stale' })
    expect(result.projects[0]!.environments![0]).toMatchObject({ slug: 'staging', status: 'stale' })
    expect(result.safeToRevoke).toBe(false)
  })

  it('is unhealthy, not stale, for a deployment built after rotated-at that fails its health check', async () => {
    const s = await setup()
    await rotate(emulator, base())
    s.rejectValue(NEW)
    const raw = { team: 'acme', projects: 'web', name: 'DATABASE_URL', mode: 'verify', 'health-check': emulator.healthCheck() }
    const bad = await rotate(emulator, raw, { timeoutMs: 1_000 })
    expect(statusOf(bad.result)).toEqual({ web: 'unhealthy' })
    expect(outputsOf(bad.result)['failed-projects']).toBe('web')
    expect(bad.result.projects[0]!.note).toMatch(/health check .*new value is live .*rotate again/)
    // The verdict says what the row says: the new value is live and failing; a redeploy cannot mend it.
    const failure = failureOf(config(raw), bad.result, undefined)!
    expect(failure).toMatch(/new value is live but fails its health check .*keep the old credential valid, fix the value .*rotate again/)
    const verdict = nextStep(bad.result, config(raw))
    expect(verdict).toMatch(/^\*\*Do not revoke: keep the old credential valid\.\*\* The new value is live but fails its health check/)
    for (const text of [failure, verdict]) expect(text).not.toMatch(/redeploy them|mode: redeploy|stale/i)
    expect(redeploys(emulator)).toHaveLength(2)
  })
})

describe('the verdict counts only the environments the rotated records cover', () => {
  it('a preview-only record rotated with redeploy: preview is judged on its previews', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'PREVIEW_KEY', value: 'old', type: 'encrypted', target: ['preview'] })
    s.addDeployment('web', { target: null, gitBranch: 'main', createdAt: Date.now() - DAY / 2 })
    const { result } = await rotate(emulator, { ...base(), projects: 'web', name: 'PREVIEW_KEY', targets: 'preview', redeploy: 'preview' })
    expect(result.safeToRevoke).toBe(true)
    expect(redeploys(emulator)).toHaveLength(1)
  })

  it('a project with no deployment in any covered environment does not hold it back', async () => {
    const s = await setup()
    s.addProject({ id: 'prj_new', name: 'new', teamId: 'team_acme' })
    s.addProjectEnv('new', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const { result } = await rotate(emulator, { ...base(), projects: 'web, new' })
    expect(statusOf(result)).toEqual({ web: 'redeployed', new: 'skipped' })
    expect(result.safeToRevoke).toBe(true)
  })

  it('a covered production left out of redeploy holds it back, and the error says what to do', async () => {
    await setup()
    const raw = { ...base(), projects: 'web', redeploy: 'none' }
    const { result } = await rotate(emulator, raw)
    expect(result.safeToRevoke).toBe(false)
    const failure = failureOf(config(raw), result, undefined)!
    expect(failure).toMatch(/web \(skipped: Not redeployed .*still serves the old value/)
    expect(failure).toMatch(/Fix what is listed, then re-run the job: it resumes/)
  })
})
