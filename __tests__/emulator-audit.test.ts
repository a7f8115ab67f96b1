/**
 * The record metadata mode audit reads, as the emulator answers it through the SDK's own schemas: Vercel's flags,
 * who created and last edited a record (the token's user for API writes, the seed user otherwise), when it was
 * created (kept on edits), and the audit team's seed.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { environmentUpdateSharedEnvVariable } from '@vercel/sdk/funcs/environmentUpdateSharedEnvVariable.js'
import { projectsEditProjectEnv } from '@vercel/sdk/funcs/projectsEditProjectEnv.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CREATOR, SEED_USER, seedAuditTeam, startEmulator, type AuditSeed, type Emulator } from '../emulator/index.js'
import { readStamp } from '../src/rotation/stamp.js'
import { ok } from './helpers/sdk-result.js'

let emulator: Emulator
let seed: AuditSeed
let client: VercelCore
const teamId = 'team_audit'

beforeEach(async () => {
  emulator = await startEmulator({})
  seed = seedAuditTeam(emulator.state)
  client = new VercelCore({ bearerToken: 'testtoken', serverURL: emulator.url })
})
afterEach(async () => emulator.close())

async function listed(project: string) {
  const body = ok(await projectsFilterProjectEnvs(client, { idOrName: project, teamId }))
  if (!('envs' in body)) return expect.fail('no envs in the response')
  return body.envs
}

describe('record metadata', () => {
  it("a project's listing carries securityIssues, createdBy, updatedBy and createdAt, in the SDK's schema, and no value", async () => {
    const envs = await listed('app-001')
    const byKey = new Map(envs.map((e) => [e.key, e]))
    expect(byKey.get('SESSION_SECRET')).toMatchObject({ type: 'encrypted', securityIssues: ['readable-secret'] })
    expect(byKey.get('LEGACY_API_KEY')!.securityIssues).toEqual([])
    for (const e of envs) {
      expect(e).toMatchObject({ createdBy: SEED_USER.uid, updatedBy: SEED_USER.uid, decrypted: false })
      expect(e.createdAt).toBeLessThanOrEqual(e.updatedAt!)
    }
    // Sensitive values read back empty, encrypted ones as an opaque token: no seeded value appears.
    expect(JSON.stringify(envs)).not.toMatch(/seeded/)
  })

  it("the shared listing carries securityIssues, the authors and lastEditedByDisplayName, in the SDK's schema", async () => {
    const { data } = ok(await environmentListSharedEnvVariable(client, { teamId }))
    const sentry = data.find((v) => v.key === 'SENTRY_AUTH_TOKEN')!
    expect(sentry).toMatchObject({
      securityIssues: ['readable-secret'],
      createdBy: SEED_USER.uid,
      updatedBy: SEED_USER.uid,
      lastEditedByDisplayName: SEED_USER.name,
      applyToAllCustomEnvironments: true,
    })
    expect(data.find((v) => v.key === 'STRIPE_SECRET_KEY')!.securityIssues).toEqual([])
    expect(JSON.stringify(data)).not.toMatch(/seeded/)
  })

  it("an API write names the token's user as updatedBy and keeps createdAt and createdBy; a dashboard edit names the seed user", async () => {
    const before = seed.cases.readable
    const createdAt = before.createdAt
    ok(await projectsEditProjectEnv(client, { idOrName: 'app-001', id: before.id, teamId, requestBody: { value: 'new' } }))
    const after = (await listed('app-001')).find((e) => e.id === before.id)!
    expect(after).toMatchObject({ createdAt, createdBy: SEED_USER.uid, updatedBy: CREATOR.uid })
    expect(after.updatedAt).toBeGreaterThan(createdAt)

    const stripe = seed.cases.sharedStripe
    ok(await environmentUpdateSharedEnvVariable(client, { teamId, requestBody: { updates: { [stripe.id]: { value: 'sk_new' } } } }))
    const { data } = ok(await environmentListSharedEnvVariable(client, { teamId }))
    expect(data.find((v) => v.id === stripe.id)).toMatchObject({
      createdAt: stripe.createdAt,
      createdBy: SEED_USER.uid,
      updatedBy: CREATOR.uid,
      lastEditedByDisplayName: CREATOR.name,
    })

    emulator.state.editProjectEnv('app-001', before.id, { comment: 'noted' })
    expect((await listed('app-001')).find((e) => e.id === before.id)).toMatchObject({ updatedBy: SEED_USER.uid, createdAt })
  })

  it('the request log shows a decrypt query and a read of one record', async () => {
    await projectsFilterProjectEnvs(client, { idOrName: 'app-001', teamId, decrypt: 'true' })
    const one = await fetch(`${emulator.url}/v1/projects/app-001/env/${seed.cases.readable.id}?teamId=${teamId}`, {
      headers: { authorization: 'Bearer testtoken' },
    })
    expect(one.status).toBe(200)
    expect(emulator.requests.map((r) => ({ path: r.path, decrypt: r.query['decrypt'] }))).toEqual([
      { path: '/v10/projects/app-001/env', decrypt: 'true' },
      { path: `/v1/projects/app-001/env/${seed.cases.readable.id}`, decrypt: undefined },
    ])
  })
})

describe('seedAuditTeam', () => {
  it('holds each named case', () => {
    const s = emulator.state
    const { cases, projects } = seed
    const production = (i: number) => s.servingDeployment(projects[i]!.id)!
    expect(projects.map((p) => p.name)).toEqual(['app-001', 'app-002', 'app-003', 'app-004'])
    // The stamp keeps whole seconds; the write it records is that moment.
    expect(cases.stamped.updatedAt - readStamp(cases.stamped.comment)!.at.getTime()).toBeGreaterThanOrEqual(0)
    expect(cases.stamped.updatedAt - readStamp(cases.stamped.comment)!.at.getTime()).toBeLessThan(1000)
    expect(cases.stamped.comment).toMatch(/^Primary database \[rotate-vercel-secret: rotated /)
    expect(readStamp(cases.readable.comment)).toBeUndefined()
    expect(cases.readable).toMatchObject({ type: 'encrypted', target: ['production', 'preview', 'development'] })
    expect(production(0).createdAt - cases.readable.updatedAt).toBeGreaterThan(390 * 86_400_000)
    expect(cases.flagged.securityIssues).toEqual(['readable-secret'])
    // The one record edited after the deployment serving production was built.
    const edited = s.projectEnvs(projects[0]!).filter((r) => r.updatedAt > production(0).createdAt)
    expect(edited.map((r) => r.key)).toEqual(['CRON_SECRET'])
    expect(cases.custom).toMatchObject({ target: [], customEnvironmentIds: [seed.staging.id] })
    expect(seed.staging.servingDeploymentId).not.toBeNull()
    expect(cases.shadow.target).toEqual(['production'])
    expect(cases.sharedStripe.projectId).toEqual(projects.map((p) => p.id))
    expect(cases.integration.map((r) => [r.key, r.configurationId])).toEqual([
      ['POSTGRES_URL', seed.store.integrationConfigurationId],
      ['POSTGRES_PASSWORD', seed.store.integrationConfigurationId],
    ])
    for (const p of projects) {
      expect(s.projectEnvs(p)).toHaveLength(8)
      expect(s.projectEnvs(p).every((r) => r.createdBy === SEED_USER.uid)).toBe(true)
    }
  })

  it('scales to the size asked for, with extra shared variables that spill onto a second page', async () => {
    const e = await startEmulator({})
    try {
      const big = seedAuditTeam(e.state, { projects: 50, recordsPerProject: 30, extraShared: 30, teamId: 'team_big', slug: 'big' })
      expect(big.projects).toHaveLength(50)
      expect(big.projects.every((p) => e.state.projectEnvs(p).length === 30)).toBe(true)
      expect(e.state.sharedEnvs('team_big')).toHaveLength(32)
    } finally {
      await e.close()
    }
  })
})
