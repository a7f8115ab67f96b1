/**
 * mode audit's reading of Vercel, through the real SDK port over HTTP against the emulator: the inventory of the
 * audit team (records, linked projects, what serves production and a custom environment), the `projects` scope, the
 * `name` patterns, what is never sent (a decrypt, a read of one record), how many requests a large team costs, the
 * shared listing's later pages, gaps, and progress on an injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { SEED_USER, seedAuditTeam, startEmulator, type AuditSeedOptions, type Emulator } from '../emulator/index.js'
import { collectInventory, PROGRESS_EVERY_MS } from '../src/audit/collect.js'
import type { AuditSettings, Inventory } from '../src/audit/types.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { TOKEN } from './helpers/rotate.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function team(o: AuditSeedOptions = {}) {
  const e = (emulator = await startEmulator({}))
  return { e, seed: seedAuditTeam(e.state, o) }
}

async function collect(
  e: Emulator,
  settings: Partial<Pick<AuditSettings, 'projects' | 'keys'>> = {},
  clock: { now(): number } = { now: () => 0 },
): Promise<{ inventory: Inventory; logs: string[] }> {
  const logs: string[] = []
  const port = new SdkVercel({ token: TOKEN, apiUrl: e.url, team: 'team_audit', deadline: Date.now() + 60_000 })
  const log = { info: (m: string) => logs.push(m), warning: (m: string) => logs.push(`warning: ${m}`), debug: () => {} }
  const inventory = await collectInventory({ team: 'team_audit', keys: [], ...settings }, { port, log, clock })
  return { inventory, logs }
}

const reads = (e: Emulator) => e.requests.filter((r) => r.method === 'GET')

describe('collectInventory', () => {
  it('reads every record of the team with its metadata, linked projects, and what serves production and staging', async () => {
    const { e, seed } = await team()
    const { inventory } = await collect(e)
    const { cases, projects, staging } = seed
    const s = e.state
    expect(inventory.team).toBe('team_audit')
    expect(inventory.gaps).toEqual([])
    expect(inventory.projects.map((p) => p.name).sort()).toEqual(['app-001', 'app-002', 'app-003', 'app-004'])
    for (const p of projects) {
      const serving = s.servingDeployment(p.id)!
      expect(inventory.projects.find((x) => x.id === p.id)!.production).toEqual({
        deploymentId: serving.uid,
        createdAt: serving.createdAt,
        url: serving.url,
      })
    }
    const app1 = inventory.projects.find((p) => p.name === 'app-001')!
    expect(app1.customEnvironments).toEqual([
      { id: staging.id, slug: 'staging', serving: expect.objectContaining({ deploymentId: staging.servingDeploymentId }) },
    ])
    // app-003 has no custom environment for SENTRY_AUTH_TOKEN's "every custom environment" to reach.
    expect(inventory.projects.find((p) => p.name === 'app-003')!.customEnvironments).toEqual([])

    // Every project record and both shared variables, once each.
    expect(inventory.records).toHaveLength(4 * 8 + 2)
    expect(new Set(inventory.records.map((r) => r.id)).size).toBe(inventory.records.length)
    const byId = new Map(inventory.records.map((r) => [r.id, r]))
    expect(byId.get(cases.stamped.id)).toMatchObject({
      key: 'DATABASE_URL',
      scope: 'project',
      type: 'sensitive',
      targets: ['production', 'preview'],
      projectIds: [projects[0]!.id],
      comment: cases.stamped.comment,
      securityIssues: [],
      createdAt: cases.stamped.createdAt,
      updatedAt: cases.stamped.updatedAt,
      editedBy: SEED_USER.uid,
    })
    expect(byId.get(cases.flagged.id)).toMatchObject({ type: 'encrypted', securityIssues: ['readable-secret'] })
    expect(byId.get(cases.readable.id)).toMatchObject({ type: 'encrypted', targets: ['production', 'preview', 'development'] })
    expect(byId.get(cases.custom.id)).toMatchObject({ targets: [], customEnvironmentIds: [staging.id] })
    expect(byId.get(cases.notDeployed.id)!.updatedAt).toBeGreaterThan(app1.production!.createdAt)
    expect(byId.get(cases.shadow.id)).toMatchObject({ key: 'STRIPE_SECRET_KEY', scope: 'project', projectIds: [projects[1]!.id] })
    for (const r of cases.integration) {
      expect(byId.get(r.id)!.managedBy).toMatchObject({ configurationId: seed.store.integrationConfigurationId, storeId: seed.store.id })
    }
    expect(byId.get(cases.sharedStripe.id)).toMatchObject({
      key: 'STRIPE_SECRET_KEY',
      scope: 'shared',
      type: 'sensitive',
      projectIds: projects.map((p) => p.id),
      comment: cases.sharedStripe.comment,
      editedBy: SEED_USER.name,
    })
    expect(byId.get(cases.sharedReadable.id)).toMatchObject({
      scope: 'shared',
      type: 'encrypted',
      allCustomEnvironments: true,
      projectIds: [projects[0]!.id, projects[2]!.id],
      securityIssues: ['readable-secret'],
    })
    // Metadata only: no seeded value, nor the opaque form Vercel lists an encrypted value in.
    const text = JSON.stringify(inventory)
    expect(text).not.toMatch(/seeded|cron-edited|eyJ2IjoiMSJ9/)
  })

  it('sends no decrypt, reads no single record, and writes nothing', async () => {
    const { e } = await team()
    await collect(e)
    expect(e.requests.length).toBeGreaterThan(0)
    expect(e.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(e.requests.filter((r) => 'decrypt' in r.query)).toEqual([])
    // `/v1/projects/{id}/env/{envId}` answers one record decrypted; `/v1/env/{id}` one shared variable.
    expect(reads(e).filter((r) => /\/env\/[^/]+$/.test(r.path))).toEqual([])
  })

  it('with projects, reads those projects and the shared variables linked to them, linked to them only', async () => {
    const { e, seed } = await team()
    const [app1, app2, app3] = seed.projects
    // By name and by ID, the same project twice.
    const { inventory } = await collect(e, { projects: ['app-002', app3!.id, 'prj_audit0002'] })
    expect(inventory.projects.map((p) => p.name).sort()).toEqual(['app-002', 'app-003'])
    const records = inventory.records
    expect(records.filter((r) => r.scope === 'project').every((r) => r.projectIds[0] === app2!.id || r.projectIds[0] === app3!.id)).toBe(true)
    expect(records.filter((r) => r.scope === 'project')).toHaveLength(16)
    expect(records.find((r) => r.id === seed.cases.sharedStripe.id)!.projectIds.sort()).toEqual([app2!.id, app3!.id].sort())
    expect(records.find((r) => r.id === seed.cases.sharedReadable.id)!.projectIds).toEqual([app3!.id])
    expect(records.some((r) => r.projectIds.includes(app1!.id))).toBe(false)
    // Two projects: no listing of the team, one read and one env listing each.
    expect(reads(e).filter((r) => r.path === '/v10/projects')).toEqual([])
    expect(reads(e).filter((r) => /^\/v10\/projects\/[^/]+\/env$/.test(r.path))).toHaveLength(2)
  })

  it('a project named in projects that Vercel does not know fails the audit, naming it', async () => {
    const { e } = await team()
    await expect(collect(e, { projects: ['app-404'] })).rejects.toThrow(/app-404/)
  })

  it('with name patterns, keeps the records of matching keys, and every project', async () => {
    const { e, seed } = await team()
    const { inventory } = await collect(e, { keys: ['STRIPE_*', '*_TOKEN'] })
    expect(inventory.projects).toHaveLength(4)
    const keys = new Set(inventory.records.map((r) => r.key))
    expect([...keys].every((k) => k.startsWith('STRIPE_') || k.endsWith('_TOKEN'))).toBe(true)
    for (const id of [seed.cases.sharedStripe.id, seed.cases.shadow.id, seed.cases.custom.id, seed.cases.sharedReadable.id]) {
      expect(inventory.records.map((r) => r.id)).toContain(id)
    }
    expect(inventory.records.some((r) => r.key === 'DATABASE_URL' || r.key === 'CRON_SECRET')).toBe(false)
    // app-001's staging is still covered, by STAGING_TOKEN; nothing in scope covers a custom environment elsewhere.
    expect(inventory.projects.find((p) => p.name === 'app-001')!.customEnvironments.map((c) => c.slug)).toEqual(['staging'])
  })

  it('reads 200 projects of 30 records with at most 1.3 requests a project', async () => {
    const { e } = await team({ projects: 200, recordsPerProject: 30 })
    const { inventory } = await collect(e)
    expect(inventory.projects).toHaveLength(200)
    expect(inventory.records).toHaveLength(200 * 30 + 2)
    expect(inventory.gaps).toEqual([])
    expect(e.requests.length / 200).toBeLessThanOrEqual(1.3)
  })

  it('reads the shared variables on the listing’s later pages', async () => {
    const { e, seed } = await team({ extraShared: 40 })
    const { inventory } = await collect(e)
    const shared = inventory.records.filter((r) => r.scope === 'shared')
    expect(shared.map((r) => r.id).sort()).toEqual(seed.shared.map((v) => v.id).sort())
    expect(shared).toHaveLength(42)
    const pages = reads(e).filter((r) => r.path === '/v1/env')
    expect(pages.length).toBeGreaterThanOrEqual(2)
    expect(pages.every((r) => r.query['search'] === undefined)).toBe(true)
    // The two oldest, the named ones, came on the last page.
    expect(shared.map((r) => r.id)).toEqual(expect.arrayContaining([seed.cases.sharedStripe.id, seed.cases.sharedReadable.id]))
  })

  it('from a listing without the full project view, reads each project that has records for production or a custom environment', async () => {
    const { e, seed } = await team()
    e.state.listing = 'lean'
    const { inventory } = await collect(e)
    for (const p of seed.projects) {
      expect(inventory.projects.find((x) => x.id === p.id)!.production?.deploymentId).toBe(e.state.servingDeployment(p.id)!.uid)
    }
    expect(inventory.projects.find((p) => p.name === 'app-001')!.customEnvironments[0]!.serving).toBeDefined()
    expect(reads(e).filter((r) => /^\/v9\/projects\/[^/]+$/.test(r.path))).toHaveLength(4)
  })

  it('a read that fails for one project is a gap; the project stays, and the others are read', async () => {
    const { e } = await team()
    e.faults.add({ kind: 'status', method: 'GET', path: '/v10/projects/prj_audit0003/env', status: 403 })
    const { inventory } = await collect(e)
    expect(inventory.projects).toHaveLength(4)
    expect(inventory.gaps).toEqual([expect.stringMatching(/^Project app-003: its records could not be read: .*403/)])
    expect(inventory.records.filter((r) => r.scope === 'project' && r.projectIds[0] === 'prj_audit0003')).toEqual([])
    expect(inventory.records.filter((r) => r.scope === 'project')).toHaveLength(3 * 8)
  })

  it('a custom environment whose host serves nothing of the project is a gap, never "nothing serves"', async () => {
    const { e, seed } = await team()
    const qa = e.state.addCustomEnvironment(seed.projects[3]!, { slug: 'qa', domains: ['qa.nowhere.example'] })
    e.state.addProjectEnv(seed.projects[3]!, { key: 'QA_SECRET', value: 'qa-seeded', type: 'sensitive', target: [], customEnvironmentIds: [qa.id] })
    const { inventory } = await collect(e)
    expect(inventory.projects.find((p) => p.name === 'app-004')!.customEnvironments).toEqual([{ id: qa.id, slug: 'qa' }])
    expect(inventory.gaps).toEqual([expect.stringMatching(/^Project app-004: qa\.nowhere\.example of environment qa resolves to no deployment/)])
  })

  it('logs progress at most every 10 s of its clock, and none when the audit is quick', async () => {
    const { e } = await team({ projects: 12 })
    let t = 0
    // Each look at the clock is 4 s later: a slow audit, told by its own clock, not by the wall.
    const { logs } = await collect(e, {}, { now: () => (t += 4_000) })
    const read = logs.filter((l) => /^Audit: \d+ of 12 projects read\.$/.test(l))
    expect(read.length).toBeGreaterThan(0)
    const counts = read.map((l) => Number(/(\d+) of/.exec(l)![1]))
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(logs.at(-1)).toMatch(/^Audit: read 12 project\(s\), \d+ record\(s\) \(2 shared\) in \d+ s\.$/)
    expect(PROGRESS_EVERY_MS).toBe(10_000)

    await emulator!.close()
    const again = await team({ projects: 12 })
    const quick = await collect(again.e)
    expect(quick.logs.filter((l) => / of 12 projects read/.test(l))).toEqual([])
    expect(quick.logs).toHaveLength(2)
  })
})
