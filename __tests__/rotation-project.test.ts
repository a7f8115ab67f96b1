/** Project-level rotations through the real SDK over HTTP against the emulator: the safety rules of ACTION.md. */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { PlanError } from '../src/rotation/plan.js'
import { envWrites, redeploys, rotate, STAMP_ONLY, statusOf, writes } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())
const DAY = 86_400_000

async function setup(o: { buildMs?: number } = {}) {
  emulator = await startEmulator({ buildMs: o.buildMs ?? 100 })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of ['web', 'api']) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
  }
  return s
}
const base = { team: 'acme', name: 'DATABASE_URL', value: 'new-value-123' }

describe('project scope', () => {
  it('writes every selected record (branch-scoped previews included), redeploys each project, and reports safe', async () => {
    const s = await setup()
    const prod = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const branch = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'encrypted', target: ['preview'], gitBranch: 'feature/x' })
    s.addProjectEnv('web', { key: 'OTHER', value: 'keep', type: 'encrypted', target: ['production'] })
    s.addProjectEnv('api', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production', 'preview'] })
    const { result } = await rotate(emulator, { ...base, projects: 'web, api', targets: 'production, preview' })
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    const patched = envWrites(emulator).map((r) => r.path)
    expect(patched).toHaveLength(3)
    expect(patched).toEqual(expect.arrayContaining([`/v9/projects/prj_web/env/${prod.id}`, `/v9/projects/prj_web/env/${branch.id}`]))
    for (const w of envWrites(emulator)) expect(w.body).toEqual({ value: 'new-value-123', comment: expect.stringMatching(STAMP_ONLY) })
    expect(s.projectEnvs('web').find((r) => r.key === 'OTHER')!.value).toBe('keep')
    // The new serving deployments were built with the new value.
    for (const p of ['web', 'api']) expect(s.servingDeployment(p)!.env?.DATABASE_URL).toBe('new-value-123')
  })

  it('rebuilds the deployment serving production after an Instant Rollback, not the newest one, and promotes the rebuild', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const older = s.servingDeployment('web')!
    const newer = s.addDeployment('web', { target: 'production', createdAt: Date.now() - DAY / 2 })
    s.rollback('web', older.uid)
    const { result } = await rotate(emulator, { ...base, projects: 'web' })
    const body = redeploys(emulator)[0]!.body as { deploymentId: string }
    expect(body.deploymentId).toBe(older.uid)
    expect(body.deploymentId).not.toBe(newer.uid)
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path.startsWith('/v10/projects/prj_web/promote/'))).toBe(true)
    expect(statusOf(result)).toEqual({ web: 'redeployed' })
    expect(result.projects[0]!.note).toMatch(/Promoted the rebuild/)
    expect(s.servingDeployment('web')!.sourceDeploymentId).toBe(older.uid)
    expect(result.safeToRevoke).toBe(true)
  })

  it('refuses a record that also covers a target outside targets, before writing anything', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production', 'preview'] })
    await expect(rotate(emulator, { ...base, projects: 'web', targets: 'production' })).rejects.toThrow(
      /also covers preview, which is not in targets/,
    )
    expect(writes(emulator)).toHaveLength(0)
  })

  it('with targets: all, refuses a key split into records by target or branch, naming each record; one record of several targets is not split', async () => {
    const s = await setup()
    const prod = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'prod-db', type: 'sensitive', target: ['production'] })
    const prev = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'preview-db', type: 'sensitive', target: ['preview'] })
    const qa = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'qa-db', type: 'sensitive', target: ['preview'], gitBranch: 'qa' })
    s.addProjectEnv('api', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production', 'preview'] })
    for (const mode of ['rotate', 'plan']) {
      const err = await rotate(emulator, { ...base, projects: 'web, api', mode }).then(
        () => new Error('not refused'),
        (e: unknown) => e as Error,
      )
      expect(err).toBeInstanceOf(PlanError)
      expect(err.message).toContain(
        `Project web: DATABASE_URL is held in 3 records: ${prod.id} (production), ${prev.id} (preview), ${qa.id} (preview (branch qa)).`,
      )
      expect(err.message).toMatch(/preview deployments, which run unreviewed code, would get the production credential\. Set targets/)
      expect(err.message).not.toMatch(/Project api/)
    }
    expect(writes(emulator)).toHaveLength(0)

    // Named, the production record alone is written; api's single record of two targets is not split.
    await rotate(emulator, { ...base, projects: 'web', targets: 'production', redeploy: 'none' })
    expect(envWrites(emulator).map((r) => r.path)).toEqual([`/v9/projects/prj_web/env/${prod.id}`])
    expect(s.projectEnvs('web').map((r) => r.value)).toEqual(['new-value-123', 'preview-db', 'qa-db'])
    const { result } = await rotate(emulator, { ...base, projects: 'api' })
    expect(result.safeToRevoke).toBe(true)
  })

  it('refuses a plain record before writing, in rotate and plan, naming the project, the record and the fix', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const plain = s.addProjectEnv('api', { key: 'DATABASE_URL', value: 'old', type: 'plain', target: ['production', 'preview'] })
    for (const mode of ['rotate', 'plan']) {
      await expect(rotate(emulator, { ...base, projects: 'web, api', mode })).rejects.toThrow(
        `Project api: record ${plain.id} of DATABASE_URL (production, preview) is plain: Vercel shows and lists its value in clear, so it cannot hold a secret. Recreate it as sensitive: remove it in Vercel and add it again with Sensitive on`,
      )
    }
    expect(writes(emulator)).toHaveLength(0)
    // verify writes nothing: it still judges the project.
    const { result } = await rotate(emulator, { team: 'acme', name: 'DATABASE_URL', projects: 'web, api', mode: 'verify' })
    expect(result.projects.map((p) => p.name)).toEqual(['web', 'api'])
  })

  it('refuses before any write when one of several projects lacks the record or does not exist', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    await expect(rotate(emulator, { ...base, projects: 'web, api' })).rejects.toThrow(/Project api has no record of DATABASE_URL.*create-if-missing/)
    await expect(rotate(emulator, { ...base, projects: 'web, nope' })).rejects.toThrow(/HTTP 404.*Check the project name or ID/)
    expect(writes(emulator)).toHaveLength(0)
  })

  it('creates a missing record with create-if-missing, never sensitive for development', async () => {
    const s = await setup()
    const { result } = await rotate(emulator, { ...base, projects: 'api', 'create-if-missing': 'true' })
    const create = envWrites(emulator)[0]!
    expect(create.method).toBe('POST')
    expect(create.body).toMatchObject({ key: 'DATABASE_URL', type: 'sensitive', target: ['production', 'preview'] })
    expect(s.projectEnvs('api').find((r) => r.key === 'DATABASE_URL')).toBeDefined()
    expect(result.projects[0]!.records[0]!.id).toMatch(/^env_/)
    expect(result.safeToRevoke).toBe(true)
  })

  it('resolves a custom environment by its slug', async () => {
    const s = await setup()
    const staging = s.addCustomEnvironment('web', { slug: 'staging' })
    const rec = s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'encrypted', target: [], customEnvironmentIds: [staging.id] })
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    await rotate(emulator, { ...base, projects: 'web', targets: 'staging', redeploy: 'none' })
    expect(envWrites(emulator).map((r) => r.path)).toEqual([`/v9/projects/prj_web/env/${rec.id}`])
  })

  it('treats a canceled redeploy as a failure and a rolling release that never completes as not serving', async () => {
    const s = await setup()
    for (const p of ['web', 'api']) s.addProjectEnv(p, { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    s.failNextBuild('web', 'CANCELED')
    s.startRollingRelease('api')
    const { result } = await rotate(emulator, { ...base, projects: 'web, api' }, { timeoutMs: 1_500 })
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'failed' })
    expect(result.projects[0]!.note).toMatch(/canceled/)
    expect(result.projects[1]!.note).toMatch(/rolling release is at stage 1 of 2 \(10% of traffic\): the old deployment still serves the rest/)
    expect(result.safeToRevoke).toBe(false)
  })

  it('fails a build that never finishes at the timeout', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    s.failNextBuild('web', 'HANG')
    const { result } = await rotate(emulator, { ...base, projects: 'web' }, { timeoutMs: 800 })
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(/before the timeout/)
    expect(result.safeToRevoke).toBe(false)
  })
})

describe('first-run mistakes', () => {
  it('a team slug that does not exist, or a team the token cannot see, names team first, not the token', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    for (const team of ['acm', 'team_nope']) {
      const message = await rotate(emulator, { ...base, team, projects: 'web' }).then(
        (r) => r.result.error ?? '',
        (e: Error) => e.message,
      )
      expect(message).toMatch(/HTTP 403.*Check team first: it must be the team's slug or ID/)
      expect(message).not.toMatch(/The token was accepted but may not do this/)
    }
    expect(writes(emulator)).toEqual([])
  })

  it('an input combination that does less than it seems is warned of in the log and in the result the summary shows', async () => {
    const s = await setup()
    s.addProjectEnv('web', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const raw = { ...base, projects: 'web', 'health-check': emulator.healthCheck(), 'on-unhealthy': 'rollback' }
    const { result, logs } = await rotate(emulator, raw)
    expect(result.safeToRevoke).toBe(true)
    expect(logs).toContainEqual(expect.stringMatching(/^warning: on-unhealthy: rollback under promote: when-healthy/))
    expect(result.warnings).toContainEqual(expect.stringMatching(/^on-unhealthy: rollback under promote: when-healthy/))
  })
})
