/** Team-level shared variables through the real SDK over HTTP against the emulator. */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import { envWrites, redeploys, rotate, STAMP_ONLY, statusOf, writes } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

async function team(projects: number, o: EmulatorOptions = {}) {
  emulator = await startEmulator({ buildMs: 100, ...o })
  return seedTeam(emulator.state, { projects, key: 'SHARED_SECRET' })
}
const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' }

describe('team scope', () => {
  it('writes once by variable ID, redeploys every linked project, and reports one entry per project', async () => {
    const seed = await team(5)
    const { result } = await rotate(emulator, base)
    const update = envWrites(emulator)
    expect(update).toHaveLength(1)
    expect(update[0]).toMatchObject({ method: 'PATCH', path: '/v1/env', body: { updates: { [seed.shared.id]: { value: 'new-shared-value' } } } })
    expect(result.projects.map((p) => p.name)).toEqual(seed.projects.map((p) => p.name))
    expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['redeployed']))
    expect(redeploys(emulator)).toHaveLength(5)
    expect(result.safeToRevoke).toBe(true)
    for (const p of seed.projects) expect(emulator.state.servingDeployment(p.id)!.env?.SHARED_SECRET).toBe('new-shared-value')
  })

  it('refuses a shadowed key before any write, naming each project and record', async () => {
    const seed = await team(3)
    const shadow = emulator.state.addProjectEnv(seed.projects[1]!.id, {
      key: 'SHARED_SECRET',
      value: 'own',
      type: 'encrypted',
      target: ['production'],
    })
    await expect(rotate(emulator, base)).rejects.toThrow(
      new RegExp(`Project app-002 has its own record ${shadow.id} of SHARED_SECRET for production`),
    )
    expect(writes(emulator)).toHaveLength(0)
    // plan lists it too, and still writes nothing
    await expect(rotate(emulator, { ...base, mode: 'plan' })).rejects.toThrow(/overrides the shared variable/)
    expect(writes(emulator)).toHaveLength(0)
  })

  it('refuses a project record for a custom environment that a shared variable for all custom environments reaches', async () => {
    const seed = await team(2)
    const s = emulator.state
    const app = seed.projects[1]!
    s.addSharedEnv('team_bench', {
      key: 'CUSTOM_SECRET',
      value: 'shared-old',
      type: 'sensitive',
      target: ['production'],
      projectIds: seed.projects.map((p) => p.id),
      applyToAllCustomEnvironments: true,
    })
    const staging = s.addCustomEnvironment(app.id, { slug: 'staging' })
    const own = s.addProjectEnv(app.id, { key: 'CUSTOM_SECRET', value: 'own', type: 'encrypted', target: [], customEnvironmentIds: [staging.id] })
    // Vercel builds staging with the project's own value: the shared one never reaches it.
    expect(s.addDeployment(app.id, { target: null, customEnvironmentId: staging.id }).env?.CUSTOM_SECRET).toBe('own')
    for (const mode of ['rotate', 'plan']) {
      await expect(rotate(emulator, { ...base, name: 'CUSTOM_SECRET', mode })).rejects.toThrow(
        `Project app-002 has its own record ${own.id} of CUSTOM_SECRET for staging, which overrides the shared variable there`,
      )
    }
    expect(writes(emulator)).toHaveLength(0)
  })

  it('with targets: all, refuses a key held in several shared variables, naming each; named targets rotate one', async () => {
    const seed = await team(2)
    const s = emulator.state
    const ids = seed.projects.map((p) => p.id)
    const preview = s.addSharedEnv('team_bench', {
      key: 'SHARED_SECRET',
      value: 'preview-old',
      type: 'sensitive',
      target: ['preview'],
      projectIds: ids,
    })
    // seedTeam's variable becomes the production database's; the new one is the preview database's.
    s.updateSharedEnvs('team_bench', { [seed.shared.id]: { target: ['production'] } })
    const err = await rotate(emulator, base).then(
      () => new Error('not refused'),
      (e: unknown) => e as Error,
    )
    // In the order Vercel lists them, which the test does not fix.
    const named = [`${seed.shared.id} (production)`, `${preview.id} (preview)`]
    expect(
      [named.join(', '), [...named].reverse().join(', ')].map((list) => `Shared variable SHARED_SECRET is held in 2 records: ${list}.`),
    ).toContainEqual(err.message.match(/Shared variable SHARED_SECRET is held in 2 records: [^.]*\./)?.[0])
    expect(err.message).toMatch(/Set targets to the ones to rotate/)
    expect(writes(emulator)).toHaveLength(0)
    await rotate(emulator, { ...base, targets: 'production', redeploy: 'none' })
    expect(envWrites(emulator)[0]!.body).toEqual({
      updates: { [seed.shared.id]: { value: 'new-shared-value', comment: expect.stringMatching(STAMP_ONLY) } },
    })
    expect(preview.value).toBe('preview-old')
  })

  it('refuses a plain shared variable before writing, in rotate and plan, naming the record and the fix', async () => {
    emulator = await startEmulator({ buildMs: 100 })
    const seed = seedTeam(emulator.state, { projects: 2, key: 'OTHER' })
    const plain = emulator.state.addSharedEnv('team_bench', {
      key: 'SHARED_SECRET',
      value: 'old',
      type: 'plain',
      target: ['production'],
      projectIds: seed.projects.map((p) => p.id),
    })
    for (const mode of ['rotate', 'plan']) {
      await expect(rotate(emulator, { ...base, mode })).rejects.toThrow(
        `Shared variable SHARED_SECRET (record ${plain.id}) (production) is plain: Vercel shows and lists its value in clear`,
      )
    }
    expect(writes(emulator)).toHaveLength(0)
  })

  it('a project-level record for another target does not shadow', async () => {
    const seed = await team(2)
    emulator.state.addProjectEnv(seed.projects[0]!.id, { key: 'SHARED_SECRET', value: 'dev', type: 'encrypted', target: ['development'] })
    const { result } = await rotate(emulator, base)
    expect(result.safeToRevoke).toBe(true)
  })

  it('treats a failed[] entry in the update as a failure, with HTTP 200, and redeploys nothing', async () => {
    const seed = await team(3)
    emulator.state.failNextSharedUpdate(seed.shared.id, { code: 'forbidden', message: 'Not allowed to edit this variable' })
    const { result } = await rotate(emulator, base)
    expect(emulator.requests.find((r) => r.path === '/v1/env' && r.method === 'PATCH')!.status).toBe(200)
    expect(result.error).toMatch(/refused for 1 record.*Not allowed to edit/)
    expect(result.safeToRevoke).toBe(false)
    expect(redeploys(emulator)).toHaveLength(0)
    expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['failed']))
  })

  it('one linked build failing leaves the others verified, and a re-run redeploys only that project', async () => {
    const seed = await team(4)
    const broken = seed.projects[2]!
    emulator.state.failNextBuild(broken.id, 'ERROR')
    const first = await rotate(emulator, base, { run: { runId: '9001', runAttempt: 1 } })
    expect(statusOf(first.result)).toEqual({ 'app-001': 'redeployed', 'app-002': 'redeployed', 'app-003': 'failed', 'app-004': 'redeployed' })
    expect(first.result.safeToRevoke).toBe(false)
    expect(redeploys(emulator)).toHaveLength(4)

    const before = emulator.requests.length
    const second = await rotate(emulator, base, { run: { runId: '9001', runAttempt: 2 } })
    const again = emulator.requests.slice(before)
    expect(again.filter((r) => r.path === '/v1/env' && r.method === 'PATCH')).toHaveLength(0)
    const created = again.filter((r) => r.method === 'POST' && r.path === '/v13/deployments')
    expect(created).toHaveLength(1)
    expect(created[0]!.body).toMatchObject({ name: broken.name })
    expect(statusOf(second.result)).toEqual({
      'app-001': 'already-current',
      'app-002': 'already-current',
      'app-003': 'redeployed',
      'app-004': 'already-current',
    })
    expect(second.result.rotatedAt).toBe(first.result.rotatedAt)
    expect(second.result.safeToRevoke).toBe(true)
  })

  it('plan shows every project as planned, even one already serving a newer build: a rotate would write again', async () => {
    const seed = await team(2)
    emulator.state.addDeployment(seed.projects[0]!.id, { target: 'production', createdAt: Date.now() + 10 })
    const { result } = await rotate(emulator, { ...base, mode: 'plan' })
    expect(statusOf(result)).toEqual({ 'app-001': 'planned', 'app-002': 'planned' })
    expect(writes(emulator)).toHaveLength(0)
  })

  it('a new run (not a re-run) writes again, so a changed secret is never skipped', async () => {
    await team(2)
    await rotate(emulator, base, { run: { runId: '1', runAttempt: 1 } })
    const before = emulator.requests.length
    await rotate(emulator, { ...base, value: 'next-month' }, { run: { runId: '2', runAttempt: 1 } })
    expect(emulator.requests.slice(before).filter((r) => r.path === '/v1/env' && r.method === 'PATCH')).toHaveLength(1)
  })

  it('keeps at most max-parallel redeploys in flight and reads states in batches, not per project', async () => {
    await team(30, { buildMs: 300, latencyMs: 20 })
    const { result } = await rotate(emulator, { ...base, 'max-parallel': '4' })
    expect(result.safeToRevoke).toBe(true)
    const creates = redeploys(emulator)
    expect(creates).toHaveLength(30)
    const statusReads = emulator.requests.filter((r) => r.path === '/v7/deployments')
    const perDeployment = emulator.requests.filter((r) => r.path.startsWith('/v13/deployments/'))
    expect(perDeployment).toHaveLength(0)
    expect(statusReads.length).toBeLessThan(30)
    expect(emulator.stats.maxInFlight['POST /v13/deployments']).toBe(4)
  })

  it('honours 429 Retry-After from a per-minute bucket and still verifies every project, none redeployed twice', async () => {
    await team(12, { rateLimit: { limit: 10, windowMs: 1_000, bucket: 'projects' } })
    // The lean listing makes planning read each project, so the bucket runs dry.
    emulator.state.listing = 'lean'
    const { result } = await rotate(emulator, base)
    expect(emulator.stats.rateLimited).toBeGreaterThan(0)
    expect(result.safeToRevoke).toBe(true)
    const sources = redeploys(emulator).map((r) => (r.body as { name: string }).name)
    expect(new Set(sources).size).toBe(sources.length)
    expect(sources).toHaveLength(12)
  })

  describe("within Vercel's request limits", () => {
    /** Every deployments listing named at most 20 projects (Vercel's `projectIds` range) and was answered. */
    const expectListingsWithinLimits = () => {
      const listings = emulator.requests.filter((r) => r.path === '/v7/deployments')
      expect(listings.length).toBeGreaterThan(0)
      for (const r of listings) {
        const ids = r.query.projectIds
        expect(Array.isArray(ids) ? ids.length : ids === undefined ? 0 : 1).toBeLessThanOrEqual(20)
        expect(Number(r.query.limit ?? 0)).toBeLessThanOrEqual(100)
        expect(r.status).toBe(200)
      }
    }

    it.each([40, 120])('%i linked projects: rotate and verify read deployments 20 projects at a time', async (n) => {
      const seed = await team(n)
      const rotated = await rotate(emulator, { ...base, 'max-parallel': '40' })
      expect(rotated.logs.filter((l) => l.includes('Reading deployment states failed'))).toEqual([])
      expect(rotated.result.safeToRevoke).toBe(true)
      expect(new Set(rotated.result.projects.map((p) => p.status))).toEqual(new Set(['redeployed']))
      expect(redeploys(emulator)).toHaveLength(n)
      expectListingsWithinLimits()

      emulator.requests.length = 0
      const { result } = await rotate(emulator, { ...base, value: '', mode: 'verify', 'rotated-at': rotated.result.rotatedAt! })
      expect(result.projects).toHaveLength(seed.projects.length)
      expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['verified']))
      expect(result.safeToRevoke).toBe(true)
      expect(redeploys(emulator)).toHaveLength(0)
    })
  })

  describe('a team with more than one page of shared variables', () => {
    const listReads = (e: Emulator) => e.requests.filter((r) => r.method === 'GET' && r.path === '/v1/env')
    /** Newer variables whose keys contain the key, so that `search` matches them and the key's record moves to page two. */
    function fill(teamId: string, after: number, n = 30) {
      for (let i = 1; i <= n; i++) {
        emulator.state.addSharedEnv(teamId, {
          key: `SHARED_SECRET_V${i}`,
          value: 'other',
          type: 'sensitive',
          target: ['production'],
          projectIds: [],
          createdAt: after + i,
        })
      }
    }

    it("writes the key's record found on the second page of the listing and redeploys its projects", async () => {
      const seed = await team(3)
      fill(seed.team.id, seed.shared.createdAt)
      const { result } = await rotate(emulator, base)
      expect(listReads(emulator).length).toBeGreaterThanOrEqual(2)
      expect(listReads(emulator)[1]!.query['until']).toBeDefined()
      expect(envWrites(emulator)[0]).toMatchObject({ method: 'PATCH', body: { updates: { [seed.shared.id]: { value: 'new-shared-value' } } } })
      expect(redeploys(emulator)).toHaveLength(3)
      expect(result.safeToRevoke).toBe(true)
      for (const p of seed.projects) expect(emulator.state.servingDeployment(p.id)!.env?.SHARED_SECRET).toBe('new-shared-value')
    })

    it('a production record on page two beside a preview record on page one: both are written, production is redeployed', async () => {
      const seed = await team(3)
      seed.shared.target = ['production']
      fill(seed.team.id, seed.shared.createdAt)
      const preview = emulator.state.addSharedEnv(seed.team.id, {
        key: 'SHARED_SECRET',
        value: 'old-preview-value',
        type: 'sensitive',
        target: ['preview'],
        projectIds: seed.projects.map((p) => p.id),
        createdAt: seed.shared.createdAt + 100,
      })
      const { result } = await rotate(emulator, { ...base, targets: 'production, preview' })
      const updates = envWrites(emulator).flatMap((w) => Object.keys((w.body as { updates: object }).updates))
      expect(new Set(updates)).toEqual(new Set([seed.shared.id, preview.id]))
      expect(redeploys(emulator)).toHaveLength(3)
      expect(result.safeToRevoke).toBe(true)
      for (const p of seed.projects) expect(emulator.state.servingDeployment(p.id)!.env?.SHARED_SECRET).toBe('new-shared-value')
    })
  })
})
