/** The revoke gate (verify), redeploy mode, and previews, through the real SDK against the emulator. */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { nextStep } from '../src/report/verdict.js'
import { parseInputs } from '../src/inputs.js'
import { OLDER_COUNTED } from '../src/rotation/previews.js'
import { envWrites, redeploys, rotate, statusOf } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())
const DAY = 86_400_000
const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET' }

async function rotatedTeam(projects = 2) {
  emulator = await startEmulator({ buildMs: 80 })
  const seed = seedTeam(emulator.state, { projects, key: 'SHARED_SECRET' })
  const { result } = await rotate(emulator, { ...base, value: 'new-value' })
  expect(result.safeToRevoke).toBe(true)
  return { seed, rotatedAt: result.rotatedAt! }
}

describe('mode: verify', () => {
  it('verifies what the rotation left serving, and writes nothing', async () => {
    const { rotatedAt } = await rotatedTeam()
    const before = emulator.requests.length
    const { result } = await rotate(emulator, { ...base, mode: 'verify', 'rotated-at': rotatedAt })
    expect(statusOf(result)).toEqual({ 'app-001': 'verified', 'app-002': 'verified' })
    expect(result.safeToRevoke).toBe(true)
    expect(emulator.requests.slice(before).every((r) => r.method === 'GET')).toBe(true)
  })

  it('reports stale for a project rolled back after the rotation, and verified once a new deployment serves', async () => {
    const { seed, rotatedAt } = await rotatedTeam()
    const app = seed.projects[0]!
    const old = emulator.state.deployments(app.id).find((d) => d.createdAt < Date.parse(rotatedAt))!
    emulator.state.rollback(app.id, old.uid)
    const stale = await rotate(emulator, { ...base, mode: 'verify', 'rotated-at': rotatedAt })
    expect(statusOf(stale.result)).toEqual({ 'app-001': 'stale', 'app-002': 'verified' })
    expect(stale.result.safeToRevoke).toBe(false)
    expect(stale.result.projects[0]!.note).toMatch(/rolled back to a deployment created before the value was written/)

    // Undo: a new deployment is promoted over the rollback.
    const fresh = emulator.state.addDeployment(app.id, { target: 'production' })
    emulator.state.promote(app.id, fresh.uid)
    const again = await rotate(emulator, { ...base, mode: 'verify', 'rotated-at': rotatedAt })
    expect(statusOf(again.result)).toEqual({ 'app-001': 'verified', 'app-002': 'verified' })
    expect(again.result.safeToRevoke).toBe(true)
  })

  it('reports stale while a rolling release is in progress', async () => {
    const { seed, rotatedAt } = await rotatedTeam()
    const rolling = emulator.state.addDeployment(seed.projects[0]!.id, { target: 'production', serving: true })
    emulator.state.startRollingRelease(seed.projects[0]!.id, rolling.uid)
    const { result } = await rotate(emulator, { ...base, mode: 'verify', 'rotated-at': rotatedAt })
    expect(statusOf(result)).toEqual({ 'app-001': 'stale', 'app-002': 'verified' })
    expect(result.projects[0]!.note).toMatch(/rolling release is in progress \(stage 1 of 2 \(10% of traffic\)\)/)
    expect(result.safeToRevoke).toBe(false)
  })

  it('reports stale when the rebuild of a rolled-back project was staged and never promoted (wait: false)', async () => {
    emulator = await startEmulator({ buildMs: 50 })
    const seed = seedTeam(emulator.state, { projects: 1, key: 'SHARED_SECRET' })
    const app = seed.projects[0]!
    const older = emulator.state.addDeployment(app.id, { target: 'production', createdAt: Date.now() - 2 * DAY, serving: false })
    emulator.state.rollback(app.id, older.uid)
    const { result: r } = await rotate(emulator, { ...base, value: 'new-value', wait: 'false' })
    await new Promise((res) => setTimeout(res, 200))
    expect(emulator.state.deployments(app.id)[0]!.readySubstate).toBe('STAGED')
    const { result } = await rotate(emulator, { ...base, mode: 'verify', 'rotated-at': r.rotatedAt! })
    expect(statusOf(result)).toEqual({ 'app-001': 'stale' })
    expect(result.safeToRevoke).toBe(false)
  })

  it("uses the variable's updatedAt when rotated-at is not given", async () => {
    await rotatedTeam()
    const { result } = await rotate(emulator, { ...base, mode: 'verify' })
    expect(result.safeToRevoke).toBe(true)
  })
})

describe('mode: verify judges each project against its own write', () => {
  const HOUR = 3_600_000
  const verify = { team: 'acme', projects: 'web, api', name: 'DATABASE_URL', mode: 'verify' }

  /** web and api, each with a production DATABASE_URL record written at the given time and a deployment built at another. */
  async function projects(o: Record<'web' | 'api', { written: number; built: number }>) {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api'] as const) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.clock = () => o[name].written
      s.addProjectEnv(name, { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
      s.clock = Date.now
      s.addDeployment(name, { target: 'production', createdAt: o[name].built })
    }
    return s
  }

  it('after a partial write, a project whose record was never written is stale, though both were redeployed since', async () => {
    const now = Date.now()
    const s = await projects({ web: { written: now - 2 * HOUR, built: now - DAY }, api: { written: now - 2 * HOUR, built: now - DAY } })
    // The write reached web's record, then failed before api's.
    const web = s.editProjectEnv('web', s.projectEnvs('web')[0]!.id, { value: 'new' })
    const api = s.projectEnvs('api')[0]!
    const { result: redeployed } = await rotate(emulator, { ...verify, mode: 'redeploy' })
    expect(statusOf(redeployed)).toEqual({ web: 'redeployed', api: 'redeployed' })

    const rotatedAt = new Date(web.updatedAt).toISOString()
    const { result } = await rotate(emulator, { ...verify, 'rotated-at': rotatedAt })
    expect(statusOf(result)).toEqual({ web: 'verified', api: 'stale' })
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[1]!.revokeReady).toBe(false)
    expect(result.projects[1]!.note).toMatch(
      new RegExp(
        `^The value was not written here: record ${api.id} of DATABASE_URL \\(last written ${new Date(api.updatedAt).toISOString()}\\) predates rotated-at \\(${rotatedAt}\\), so it still holds the old value\\.`,
      ),
    )

    // Without rotated-at, api is judged against its own record, which the rotation never reached: said loudly.
    const { result: loose } = await rotate(emulator, verify)
    expect(loose.warnings.join('\n')).toMatch(
      new RegExp(
        `a project the rotation never wrote looks current once anything redeploys it\\. api's records were last written at ${new Date(api.updatedAt).toISOString()}`,
      ),
    )
    expect(loose.warnings.join('\n')).toMatch(/Pass rotated-at from the rotate job/)
  })

  it("judges each project's deployments against that project's own write, after rotated-at", async () => {
    const now = Date.now()
    // api's record was written 20 minutes after the rotation began; its deployment was built between the two.
    await projects({
      web: { written: now - HOUR, built: now - HOUR / 2 },
      api: { written: now - HOUR + 20 * 60_000, built: now - HOUR + 10 * 60_000 },
    })
    const { result } = await rotate(emulator, { ...verify, 'rotated-at': new Date(now - HOUR).toISOString() })
    expect(statusOf(result)).toEqual({ web: 'verified', api: 'stale' })
    expect(result.projects[1]!.note).toMatch(/created before the value was written/)
    expect(result.safeToRevoke).toBe(false)
  })

  it("without rotated-at, judges each project against its own records' newest write, not the newest of all", async () => {
    const now = Date.now()
    // web was rotated and redeployed two hours ago; api's record was written later and api redeployed after it.
    await projects({ web: { written: now - 2 * HOUR, built: now - HOUR }, api: { written: now - HOUR / 2, built: now - HOUR / 4 } })
    const { result } = await rotate(emulator, verify)
    expect(statusOf(result)).toEqual({ web: 'verified', api: 'verified' })
    expect(result.safeToRevoke).toBe(true)
  })
})

describe('mode: redeploy', () => {
  it('sends no write to any env endpoint, and redeploys only projects not yet current', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const seed = seedTeam(emulator.state, { projects: 3, key: 'SHARED_SECRET' })
    // One project already redeployed after the value changed elsewhere.
    emulator.state.addDeployment(seed.projects[0]!.id, { target: 'production', createdAt: Date.now() + 10 })
    const { result } = await rotate(emulator, { ...base, mode: 'redeploy' })
    expect(envWrites(emulator)).toHaveLength(0)
    expect(emulator.requests.filter((r) => r.path.includes('/env') && r.method !== 'GET')).toHaveLength(0)
    expect(statusOf(result)).toEqual({ 'app-001': 'already-current', 'app-002': 'redeployed', 'app-003': 'redeployed' })
    expect(redeploys(emulator)).toHaveLength(2)
    expect(result.safeToRevoke).toBe(true)
  })
})

describe('previews', () => {
  async function withPreviews() {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    s.addProject({ id: 'prj_web', name: 'web', teamId: 'team_acme' })
    s.addProjectEnv('web', { key: 'API_KEY', value: 'old', type: 'sensitive', target: ['production', 'preview'] })
    s.addDeployment('web', { target: 'production', createdAt: Date.now() - DAY })
    const branch = (b: string, daysAgo: number) =>
      s.addDeployment('web', { target: null, gitBranch: b, meta: { githubCommitRef: b }, createdAt: Date.now() - daysAgo * DAY })
    return { s, branch }
  }

  it('rebuilds the newest READY preview of each branch from the last 30 days, and counts the rest', async () => {
    const { branch } = await withPreviews()
    const newestA = branch('feature/a', 1)
    branch('feature/a', 2) // older preview of the same branch: keeps the old value
    const newestB = branch('feature/b', 3)
    branch('feature/old', 45) // outside the 30-day window
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' })
    const rebuilt = redeploys(emulator).map((r) => r.body as { deploymentId: string; target?: string })
    expect(
      rebuilt
        .filter((b) => b.target === undefined)
        .map((b) => b.deploymentId)
        .sort(),
    ).toEqual([newestA.uid, newestB.uid].sort())
    // The branch older than the window is counted and named, not rebuilt, and does not hold the verdict back.
    expect(result.projects[0]!.previews).toEqual({ rebuilt: 2, ready: 2, failed: 0, notRebuilt: 1, older: 1, olderBranches: ['feature/old'] })
    expect(result.projects[0]!.note).toMatch(
      /1 preview deployment\(s\) built more than 30 days ago \(newest on feature\/old\) were not rebuilt: they keep the old value/,
    )
    expect(result.safeToRevoke).toBe(true)
    const settings = parseInputs({
      'vercel-token': 't',
      team: 'acme',
      projects: 'web',
      name: 'API_KEY',
      value: 'v2',
      redeploy: 'production,preview',
    }).settings
    expect(nextStep(result, settings, Date.now())).toMatch(
      /^\*\*Revoke the old credential now\.\*\*.* 2 older preview deployment\(s\) in 1 project\(s\) were not rebuilt .*will fail once it is revoked\.$/,
    )
  })

  it('rebuilds every branch in the window: no cap turns into "done"', async () => {
    const { branch } = await withPreviews()
    // More branches than the ten a project was once capped at.
    const newest = Array.from({ length: 13 }, (_, i) => branch(`feature/${i}`, 1 + i / 10))
    const plan = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'preview', mode: 'plan' })
    expect(plan.result.projects[0]!.note).toMatch(/rebuild 13 preview/)
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' })
    const rebuilt = redeploys(emulator).map((r) => r.body as { deploymentId: string; target?: string })
    expect(
      rebuilt
        .filter((b) => b.target === undefined)
        .map((b) => b.deploymentId)
        .sort(),
    ).toEqual(newest.map((d) => d.uid).sort())
    expect(result.projects[0]!.previews).toMatchObject({ rebuilt: 13, ready: 13, failed: 0 })
    expect(result.safeToRevoke).toBe(true)
  })

  it('a branch whose newest preview is still building holds the verdict back, named, and is not rebuilt yet', async () => {
    const { s, branch } = await withPreviews()
    branch('feature/a', 2)
    const b = branch('feature/b', 2)
    // Pushed before the rotation and still building: it will carry the old value and take the branch's URL.
    const building = s.addDeployment('web', {
      target: null,
      gitBranch: 'feature/a',
      meta: { githubCommitRef: 'feature/a' },
      readyState: 'BUILDING',
      createdAt: Date.now() - 60_000,
    })
    building.failure = 'HANG' // still building when the run ends
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' })
    const rebuilt = redeploys(emulator).map((r) => r.body as { deploymentId: string; target?: string })
    expect(rebuilt.filter((x) => x.target === undefined).map((x) => x.deploymentId)).toEqual([b.uid])
    expect(result.projects[0]!.previews).toMatchObject({ rebuilt: 1, ready: 1, building: ['feature/a'] })
    expect(result.projects[0]!.revokeReady).toBe(false)
    expect(result.projects[0]!.note).toMatch(/newest preview of feature\/a was still building when the rotation began: it carries the old value/)
    expect(result.safeToRevoke).toBe(false)
  })

  it("a branch whose newest build failed has its newest READY preview rebuilt: that is what the branch's URL serves", async () => {
    const { s, branch } = await withPreviews()
    const ready = branch('feature/a', 2)
    s.addDeployment('web', {
      target: null,
      gitBranch: 'feature/a',
      meta: { githubCommitRef: 'feature/a' },
      readyState: 'ERROR',
      createdAt: Date.now() - DAY,
    })
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' })
    const rebuilt = redeploys(emulator).map((r) => r.body as { deploymentId: string; target?: string })
    expect(rebuilt.filter((x) => x.target === undefined).map((x) => x.deploymentId)).toEqual([ready.uid])
    expect(result.safeToRevoke).toBe(true)
  })

  it('reads the previews listing to its end: an older branch past the first page is counted', async () => {
    const { branch } = await withPreviews()
    for (let i = 0; i < 120; i++) branch('feature/busy', 1 + i / 1000)
    branch('feature/quiet', 40)
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' })
    expect(result.projects[0]!.previews).toMatchObject({ rebuilt: 1, notRebuilt: 119, older: 1, olderBranches: ['feature/quiet'] })
    expect(result.safeToRevoke).toBe(true)
  })

  it('counts older previews from a bounded part of the history, and says "at least" past it; the window is read whole', async () => {
    const { branch } = await withPreviews()
    for (let i = 0; i < OLDER_COUNTED + 50; i++) branch(`feature/old-${i}`, 31 + i / 100)
    branch('feature/new', 1)
    const raw = { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'production,preview' }
    const { result } = await rotate(emulator, raw)
    expect(result.projects[0]!.previews).toMatchObject({ rebuilt: 1, older: OLDER_COUNTED, olderAtLeast: true })
    // The history before the window was read no further than the bound: 10 pages of 100.
    const older = emulator.requests.filter((r) => r.path === '/v7/deployments' && r.query.target === 'preview' && r.query.since === undefined)
    expect(older).toHaveLength(OLDER_COUNTED / 100)
    const step = nextStep(result, parseInputs({ 'vercel-token': 't', ...raw }).settings, Date.now())
    expect(step).toMatch(new RegExp(`At least ${OLDER_COUNTED} older preview deployment\\(s\\) in 1 project\\(s\\)`))
  })

  it('previews not rebuilt (redeploy without preview): the verdict says how many hold the old value and how to rebuild them', async () => {
    const { branch } = await withPreviews()
    branch('feature/a', 1)
    branch('feature/a', 2)
    branch('feature/old', 45)
    const raw = { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2' }
    const { result } = await rotate(emulator, raw)
    expect(redeploys(emulator)).toHaveLength(1) // production only
    expect(result.safeToRevoke).toBe(true) // safe-to-revoke keeps its meaning
    expect(result.projects[0]!.previews).toMatchObject({ rebuilt: 0, notRebuilt: 2, older: 1 })
    const step = nextStep(result, parseInputs({ 'vercel-token': 't', ...raw }).settings, Date.now())
    expect(step).toMatch(
      /3 preview deployment\(s\) in 1 project\(s\) still hold the old value and will fail once it is revoked: rebuild them with `redeploy: preview`/,
    )
  })

  it('a failed preview build fails the project and safe-to-revoke', async () => {
    const { s, branch } = await withPreviews()
    branch('feature/a', 1)
    const { result: r0 } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v2', redeploy: 'preview' })
    expect(r0.projects[0]!.previews!.ready).toBe(1)
    expect(r0.safeToRevoke).toBe(false) // production was not rebuilt
    branch('feature/b', 0.5)
    s.failNextBuild('web', 'ERROR') // the production rebuild comes first...
    s.failNextBuild('web', 'ERROR') // ...and the first preview too
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'API_KEY', value: 'v3', redeploy: 'production,preview' })
    expect(result.projects[0]!.status).toBe('failed')
    expect(result.safeToRevoke).toBe(false)
  })

  it('rebuilds only the branches a branch-scoped record applies to', async () => {
    const { s, branch } = await withPreviews()
    s.addProjectEnv('web', { key: 'BRANCH_KEY', value: 'old', type: 'encrypted', target: ['preview'], gitBranch: 'feature/a' })
    const a = branch('feature/a', 1)
    branch('feature/b', 1)
    await rotate(emulator, { team: 'acme', projects: 'web', name: 'BRANCH_KEY', value: 'v2', redeploy: 'preview' })
    expect(redeploys(emulator).map((r) => (r.body as { deploymentId: string }).deploymentId)).toEqual([a.uid])
  })
})
