/**
 * Planning many linked projects from the team's listing, 100 a page: the same plan as reading each project, in a
 * fraction of the requests, with the fields only the full project view carries (rollback, Skew Protection, the
 * bypass) kept, and a per-project read wherever the listing falls short.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { projectsGetProjects } from '@vercel/sdk/funcs/projectsGetProjects.js'
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { readProjects } from '../src/rotation/projects.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { ok } from './helpers/sdk-result.js'
import { beforeFirstWrite, redeploys, rotate, statusOf, writes } from './helpers/rotate.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' }
const DAY = 86_400_000
const projectReads = (e: Emulator) => e.requests.filter((r) => r.method === 'GET' && /^\/v9\/projects\/[^/]+$/.test(r.path))
const listingReads = (e: Emulator) => e.requests.filter((r) => r.method === 'GET' && r.path === '/v10/projects')

/** A team of `projects`, the first `linked` of them (by name) linked to the shared variable. */
async function team(projects: number, linked = projects) {
  const e = (emulator = await startEmulator({ buildMs: 60 }))
  const seed = seedTeam(e.state, { projects, key: 'SHARED_SECRET' })
  seed.shared.projectId.splice(linked)
  return { e, seed }
}

describe('planning from the listing', () => {
  it('reads 150 linked projects of a team of 250 in pages, never one by one, and rotates them all', async () => {
    const { e } = await team(250, 150)
    const { result, logs } = await rotate(e, { ...base, 'max-parallel': '50' })
    expect(result.safeToRevoke).toBe(true)
    expect(result.projects).toHaveLength(150)
    const planning = listingReads(e).filter((r) => beforeFirstWrite(e).includes(r))
    expect(logs).toContain(`Read 150 of 150 projects from ${planning.length} page(s) of the team's project listing.`)
    expect(projectReads(e)).toHaveLength(0)
    expect(planning.length).toBeLessThanOrEqual(3)
    // What serves is read again before the verdict, from the listing too: never one by one.
    expect(listingReads(e).length).toBeLessThanOrEqual(planning.length + 3)
    expect(listingReads(e).every((r) => r.query.limit === '100')).toBe(true)
    expect(redeploys(e)).toHaveLength(150)
  })

  it('plans the same from a lean listing, reading each project instead: rollback, Skew Protection and bypass kept', async () => {
    const outcomes: unknown[] = []
    for (const listing of ['full', 'lean'] as const) {
      const { e, seed } = await team(12)
      e.state.listing = listing
      const [rolled, skewed, guarded] = seed.projects
      const older = e.state.addDeployment(rolled!, { target: 'production', createdAt: Date.now() - 3 * DAY })
      e.state.rollback(rolled!.id, older.uid)
      e.state.configure(skewed!.id, { skewProtectionMaxAge: 3600 })
      const replaced = e.state.addDeployment(skewed!, { target: 'production', createdAt: Date.now() - 600_000 })
      e.state.configure(guarded!.id, { protection: true, bypassSecrets: ['listed-bypass-secret-01'] })
      const secrets: string[] = []
      const { result, logs } = await rotate(e, { ...base, 'health-check': e.healthCheck(), promote: 'auto' }, { onSecret: (x) => secrets.push(x) })
      // Rolled back: the rebuild of what serves is promoted. Skew Protection: revoking waits until the deployment
      // the rebuild replaced leaves its window, an hour after it was created.
      expect(redeploys(e).some((r) => (r.body as { deploymentId: string }).deploymentId === older.uid)).toBe(true)
      expect(e.requests.some((r) => r.method === 'POST' && r.path.startsWith(`/v10/projects/${rolled!.id}/promote/`))).toBe(true)
      expect(result.revokeAfter).toBe(new Date(replaced.createdAt + 3600_000).toISOString())
      // The protected project was probed with its own bypass, masked the moment it was read and shown nowhere.
      expect(secrets).toContain('listed-bypass-secret-01')
      expect(e.visits.filter((v) => v.host.startsWith(guarded!.name)).every((v) => v.bypass)).toBe(true)
      expect(JSON.stringify({ result, logs })).not.toContain('listed-bypass-secret-01')
      // Planning reads each project only from a lean listing; the one read more checks production before promoting.
      // Before the verdict what serves is read again: from the full listing, or one by one from a lean one.
      expect(projectReads(e)).toHaveLength(listing === 'full' ? 1 : 25)
      outcomes.push({ statuses: statusOf(result), safe: result.safeToRevoke })
      await e.close()
      emulator = undefined
    }
    expect(outcomes[0]).toEqual(outcomes[1])
    expect(outcomes[0]).toMatchObject({ safe: true })
  })

  it('refuses a project whose own record shadows the shared variable, found in the listing, before any write', async () => {
    const { e, seed } = await team(30)
    const shadow = e.state.addProjectEnv(seed.projects[17]!.id, { key: 'SHARED_SECRET', value: 'own', type: 'encrypted', target: ['production'] })
    await expect(rotate(e, base)).rejects.toThrow(new RegExp(`Project app-018 has its own record ${shadow.id} of SHARED_SECRET`))
    expect(writes(e)).toHaveLength(0)
    expect(projectReads(e)).toHaveLength(0)
  })
})

describe('readProjects', () => {
  it('stops paging after one page per ten projects wanted, and reads the ones not yet found one by one', async () => {
    // 11 linked projects on the listing's last pages: two pages read, then each project is read itself.
    const e = (emulator = await startEmulator({ buildMs: 60 }))
    const seed = seedTeam(e.state, { projects: 500, key: 'SHARED_SECRET' })
    const oldest = seed.projects.slice(0, 11).map((p) => p.id)
    // The listing is newest-updated first, so these come last.
    seed.projects.forEach((p, i) => (p.updatedAt += i))
    const port = new SdkVercel({ token: 'testtoken', apiUrl: e.url, team: 'bench', deadline: Date.now() + 60_000 })
    const read = await readProjects(oldest, port)
    expect(read.projects.map((p) => p.id)).toEqual(oldest)
    expect(read.pages).toBe(2)
    expect(listingReads(e)).toHaveLength(2)
    expect(read.listed).toBe(0)
    expect(projectReads(e)).toHaveLength(11)
  })

  it('reads a few projects one by one without listing the team', async () => {
    const { e, seed } = await team(40)
    const port = new SdkVercel({ token: 'testtoken', apiUrl: e.url, team: 'bench', deadline: Date.now() + 60_000 })
    const few = seed.projects.slice(0, 3).map((p) => p.name)
    const read = await readProjects(few, port)
    expect(read.projects.map((p) => p.name)).toEqual(few)
    expect(listingReads(e)).toHaveLength(0)
    expect(projectReads(e)).toHaveLength(3)
  })

  it("keeps what the SDK's parsed listing strips: the raw page still has the rollback and Skew Protection", async () => {
    const { e, seed } = await team(12)
    const [rolled] = seed.projects
    const older = e.state.addDeployment(rolled!, { target: 'production', createdAt: Date.now() - 3 * DAY })
    e.state.rollback(rolled!.id, older.uid)
    e.state.configure(rolled!.id, { skewProtectionMaxAge: 600, protection: true, bypassSecrets: ['listed-bypass-secret-02'] })
    // Why the port reads the raw page: the SDK's union schema may keep the lean shape, without these fields.
    const client = new VercelCore({ bearerToken: 'testtoken', serverURL: e.url })
    const parsed = ok(await projectsGetProjects(client, { limit: '100', teamId: 'team_bench' }))
    const parsedRolled = (Array.isArray(parsed) ? parsed : parsed.projects).find((p) => p.id === rolled!.id) as Record<string, unknown>
    expect(parsedRolled.lastAliasRequest).toBeUndefined()
    const port = new SdkVercel({ token: 'testtoken', apiUrl: e.url, team: 'bench', deadline: Date.now() + 60_000 })
    const read = await readProjects(
      seed.projects.map((p) => p.id),
      port,
    )
    expect(projectReads(e)).toHaveLength(0)
    expect(read.projects[0]).toMatchObject({ id: rolled!.id, rolledBack: true, skewMaxAgeMs: 600_000, protectionBypass: 'listed-bypass-secret-02' })
    expect(read.projects[0]!.servingProduction?.id).toBe(older.uid)
  })
})
