/**
 * Contract tests: every SDK function the action relies on, called against the emulator. The SDK validates each
 * response with Vercel's published schemas, so `ok: true` plus the fields below means the emulator speaks
 * Vercel's wire format (and that no union variant silently dropped a field).
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { deploymentsCreateDeployment } from '@vercel/sdk/funcs/deploymentsCreateDeployment.js'
import { deploymentsGetDeployment } from '@vercel/sdk/funcs/deploymentsGetDeployment.js'
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { environmentGetProjectsByIdOrNameCustomEnvironments } from '@vercel/sdk/funcs/environmentGetProjectsByIdOrNameCustomEnvironments.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { environmentUpdateSharedEnvVariable } from '@vercel/sdk/funcs/environmentUpdateSharedEnvVariable.js'
import { projectsCreateProjectEnv } from '@vercel/sdk/funcs/projectsCreateProjectEnv.js'
import { projectsEditProjectEnv } from '@vercel/sdk/funcs/projectsEditProjectEnv.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { projectsGetProject } from '@vercel/sdk/funcs/projectsGetProject.js'
import { projectsGetProjectEnv } from '@vercel/sdk/funcs/projectsGetProjectEnv.js'
import { projectsRequestPromote } from '@vercel/sdk/funcs/projectsRequestPromote.js'
import { projectsRequestRollback } from '@vercel/sdk/funcs/projectsRequestRollback.js'
import { rollingReleaseApproveRollingReleaseStage } from '@vercel/sdk/funcs/rollingReleaseApproveRollingReleaseStage.js'
import { rollingReleaseCompleteRollingRelease } from '@vercel/sdk/funcs/rollingReleaseCompleteRollingRelease.js'
import { rollingReleaseGetRollingRelease } from '@vercel/sdk/funcs/rollingReleaseGetRollingRelease.js'
import { SDKError } from '@vercel/sdk/models/sdkerror.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { ok, type Result } from './helpers/sdk-result.js'
import { toDeployment, toProject, toRollingRelease } from '../src/vercel/wire.js'
import { seedDemo, type DemoSeed } from '../emulator/seed.js'

const teamId = 'team_acme'
let emulator: Emulator
let seed: DemoSeed
let client: VercelCore

/** The Vercel error object carried by a failed call. */
function apiError(result: Result<unknown>): { status: number; error: Record<string, unknown> } {
  expect(result.ok).toBe(false)
  const err = (result as { error: unknown }).error
  expect(err).toBeInstanceOf(SDKError)
  const e = err as SDKError
  return { status: e.statusCode, error: (JSON.parse(e.body) as { error: Record<string, unknown> }).error }
}

beforeEach(async () => {
  emulator = await startEmulator({ buildMs: 50 })
  seed = seedDemo(emulator.state)
  client = new VercelCore({ bearerToken: 'testtoken', serverURL: emulator.url })
})

afterEach(async () => {
  await emulator.close()
})

describe('project env records', () => {
  it('projectsFilterProjectEnvs lists records; sensitive values read back empty', async () => {
    const value = ok(await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId }))
    if (!('envs' in value)) expect.fail('no envs in the response')
    expect('pagination' in value).toBe(true)
    const [record] = value.envs
    expect(record).toMatchObject({ key: 'DATABASE_URL', type: 'sensitive', value: '', target: ['production', 'preview'] })
    expect(record?.id).toMatch(/^env_/)
    expect(record?.updatedAt).toBeGreaterThan(0)
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v10/projects/web/env', query: { teamId } })
  })

  it('projectsFilterProjectEnvs honours gitBranch, customEnvironmentId and decrypt', async () => {
    const staging = emulator.state.addCustomEnvironment('web', { slug: 'staging' })
    emulator.state.addProjectEnv('web', { key: 'FLAG', value: 'on', type: 'encrypted', target: ['preview'], gitBranch: 'feature/x' })
    emulator.state.addProjectEnv('web', { key: 'STAGING_ONLY', value: 's', type: 'plain', customEnvironmentIds: [staging.id] })

    const byBranch = ok(await projectsFilterProjectEnvs(client, { idOrName: 'prj_web', teamId, gitBranch: 'feature/y' }))
    expect('envs' in byBranch && byBranch.envs.map((e) => e.key)).toEqual(['DATABASE_URL', 'STAGING_ONLY'])

    const custom = ok(await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId, customEnvironmentSlug: 'staging' }))
    expect('envs' in custom && custom.envs.map((e) => e.key)).toEqual(['STAGING_ONLY'])

    const encrypted = ok(await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId, gitBranch: 'feature/x' }))
    const flag = 'envs' in encrypted ? encrypted.envs.find((e) => e.key === 'FLAG') : undefined
    expect(flag?.gitBranch).toBe('feature/x')
    expect(flag?.value).not.toBe('on')
    const decrypted = ok(await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId, decrypt: 'true' }))
    expect('envs' in decrypted && decrypted.envs.find((e) => e.key === 'FLAG')?.value).toBe('on')
  })

  it('projectsGetProjectEnv reads one record', async () => {
    const record = emulator.state.projectEnvs('api')[0]!
    const value = ok(await projectsGetProjectEnv(client, { idOrName: 'api', id: record.id, teamId }))
    expect(value).toMatchObject({ id: record.id, key: 'DATABASE_URL', type: 'sensitive', value: '' })
  })

  it('projectsEditProjectEnv updates the value and updatedAt', async () => {
    const record = emulator.state.projectEnvs('web')[0]!
    const before = record.updatedAt
    emulator.state.clock = () => before + 5000
    const value = ok(
      await projectsEditProjectEnv(client, {
        idOrName: 'web',
        id: record.id,
        teamId,
        requestBody: { value: 'postgres://new', target: ['production', 'preview'], type: 'sensitive' },
      }),
    )
    expect(value).toMatchObject({ id: record.id, key: 'DATABASE_URL', type: 'sensitive', updatedAt: before + 5000 })
    expect(record.value).toBe('postgres://new')
    expect(emulator.requests.at(-1)?.body).toEqual({ value: 'postgres://new', target: ['production', 'preview'], type: 'sensitive' })
  })

  it('projectsEditProjectEnv refuses a key on a sensitive record, development targets, and unknown ids', async () => {
    const record = emulator.state.projectEnvs('web')[0]!
    const withKey = await projectsEditProjectEnv(client, {
      idOrName: 'web',
      id: record.id,
      teamId,
      requestBody: { key: 'DATABASE_URL', value: 'x' },
    })
    expect(apiError(withKey)).toEqual({
      status: 400,
      error: expect.objectContaining({ code: 'bad_request', message: 'Cannot update key of a sensitive environment variable' }),
    })
    const dev = await projectsEditProjectEnv(client, {
      idOrName: 'web',
      id: record.id,
      teamId,
      requestBody: { value: 'x', target: ['development'] },
    })
    expect(apiError(dev).status).toBe(400)
    const missing = await projectsEditProjectEnv(client, { idOrName: 'web', id: 'env_nope', teamId, requestBody: { value: 'x' } })
    expect(apiError(missing)).toMatchObject({ status: 404, error: { code: 'not_found' } })
    expect(record.value).toMatch(/old-password/)
  })

  it('projectsCreateProjectEnv answers 201 with created, and sensitive development items in failed[]', async () => {
    const single = ok(
      await projectsCreateProjectEnv(client, {
        idOrName: 'docs',
        teamId,
        requestBody: { key: 'NEW_KEY', value: 'v', type: 'sensitive', target: ['production'] },
      }),
    )
    expect(single.failed).toEqual([])
    expect(Array.isArray(single.created) ? undefined : single.created?.id).toMatch(/^env_/)

    const many = ok(
      await projectsCreateProjectEnv(client, {
        idOrName: 'docs',
        teamId,
        requestBody: [
          { key: 'A', value: '1', type: 'encrypted', target: ['production', 'preview', 'development'] },
          { key: 'B', value: '2', type: 'sensitive', target: ['production', 'development'] },
        ],
      }),
    )
    expect(Array.isArray(many.created) && many.created.map((e) => e.key)).toEqual(['A'])
    expect(many.failed).toEqual([
      {
        error: expect.objectContaining({
          code: 'bad_request',
          message: 'Sensitive Environment Variables are only supported on Production and Preview.',
          key: 'B',
          target: ['production', 'development'],
        }),
      },
    ])
  })

  it('projectsCreateProjectEnv with upsert=true updates the existing record', async () => {
    const existing = emulator.state.projectEnvs('web')[0]!
    const value = ok(
      await projectsCreateProjectEnv(client, {
        idOrName: 'web',
        teamId,
        upsert: 'true',
        requestBody: { key: 'DATABASE_URL', value: 'upserted', type: 'sensitive', target: ['production', 'preview'] },
      }),
    )
    expect(Array.isArray(value.created) ? undefined : value.created?.id).toBe(existing.id)
    expect(existing.value).toBe('upserted')
    expect(emulator.state.projectEnvs('web')).toHaveLength(1)

    const conflict = ok(
      await projectsCreateProjectEnv(client, {
        idOrName: 'web',
        teamId,
        requestBody: { key: 'DATABASE_URL', value: 'dup', type: 'sensitive', target: ['production'] },
      }),
    )
    expect(conflict.failed[0]?.error).toMatchObject({ code: 'ENV_ALREADY_EXISTS', envVarId: existing.id })
  })

  it('failNextEnvCreate puts the next create of a key in failed[] once', async () => {
    emulator.state.failNextEnvCreate('web', 'DATABASE_URL')
    const request = {
      idOrName: 'web',
      teamId,
      upsert: 'true',
      requestBody: { key: 'DATABASE_URL', value: 'new', type: 'sensitive' as const, target: ['production' as const] },
    }
    const first = ok(await projectsCreateProjectEnv(client, request))
    expect(first.created).toBeUndefined()
    expect(first.failed).toEqual([{ error: expect.objectContaining({ code: 'bad_request', key: 'DATABASE_URL' }) }])
    expect(emulator.state.projectEnvs('web')[0]?.value).toMatch(/old-password/)
    const second = ok(await projectsCreateProjectEnv(client, request))
    expect(second.failed).toEqual([])
    expect(emulator.state.projectEnvs('web')[0]?.value).toBe('new')
  })
})

describe('shared variables', () => {
  it('environmentListSharedEnvVariable finds the variable and its linked projects', async () => {
    const value = ok(await environmentListSharedEnvVariable(client, { teamId, search: 'STRIPE_SECRET_KEY' }))
    expect(value.data).toHaveLength(1)
    expect(value.data[0]).toMatchObject({
      id: seed.stripe.id,
      key: 'STRIPE_SECRET_KEY',
      type: 'sensitive',
      value: '',
      target: ['production', 'preview'],
      projectId: ['prj_web', 'prj_api', 'prj_docs'],
    })
    expect(value.data[0]?.updatedAt).toBeGreaterThan(0)

    const byProject = ok(await environmentListSharedEnvVariable(client, { teamId, projectId: 'prj_admin' }))
    expect(byProject.data).toEqual([])
    const byIds = ok(await environmentListSharedEnvVariable(client, { teamId, ids: `${seed.stripe.id},env_other` }))
    expect(byIds.data.map((s) => s.id)).toEqual([seed.stripe.id])
  })

  it('environmentListSharedEnvVariable pages 25 at a time, newest first, with next as the until of the next page', async () => {
    for (let i = 0; i < 30; i++) {
      emulator.state.addSharedEnv(teamId, { key: `FILLER_${i}`, value: 'x', type: 'encrypted', target: ['preview'], projectIds: [] })
    }
    const first = ok(await environmentListSharedEnvVariable(client, { teamId }))
    expect(first.data).toHaveLength(25)
    const times = first.data.map((s) => s.createdAt!)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(first.pagination).toEqual({ count: 25, next: times[24], prev: times[0] })

    const res = await fetch(`${emulator.url}/v1/env?teamId=${teamId}&until=${first.pagination.next}`, {
      headers: { authorization: 'Bearer testtoken' },
    })
    const second = (await res.json()) as { data: { id: string }[]; pagination: { count: number; next: number | null } }
    expect(second.pagination).toMatchObject({ count: 6, next: null })
    // 30 fillers and the demo's STRIPE_SECRET_KEY, each once.
    const ids = new Set([...first.data, ...second.data].map((s) => s.id))
    expect(ids.size).toBe(31)
    expect(ids.has(seed.stripe.id)).toBe(true)
  })

  it('environmentUpdateSharedEnvVariable reports updated and failed entries', async () => {
    emulator.state.clock = () => seed.stripe.updatedAt + 1000
    const value = ok(
      await environmentUpdateSharedEnvVariable(client, {
        teamId,
        requestBody: { updates: { [seed.stripe.id]: { value: 'sk_live_new' }, env_missing: { value: 'x' } } },
      }),
    )
    expect(value.updated).toHaveLength(1)
    expect(value.updated[0]).toMatchObject({ id: seed.stripe.id, key: 'STRIPE_SECRET_KEY', updatedAt: seed.stripe.updatedAt })
    expect(value.updated[0]?.projectId).toEqual(['prj_web', 'prj_api', 'prj_docs'])
    expect(value.failed).toEqual([{ error: expect.objectContaining({ code: 'not_found', envVarId: 'env_missing' }) }])
    expect(seed.stripe.value).toBe('sk_live_new')
  })

  it('failNextSharedUpdate puts a known variable in failed[] once', async () => {
    emulator.state.failNextSharedUpdate(seed.stripe.id)
    const update = { teamId, requestBody: { updates: { [seed.stripe.id]: { value: 'sk_live_new' } } } }
    const first = ok(await environmentUpdateSharedEnvVariable(client, update))
    expect(first.updated).toEqual([])
    expect(first.failed[0]?.error).toMatchObject({ envVarId: seed.stripe.id, envVarKey: 'STRIPE_SECRET_KEY' })
    expect(seed.stripe.value).toMatch(/old/)
    const second = ok(await environmentUpdateSharedEnvVariable(client, update))
    expect(second.updated).toHaveLength(1)
  })
})

describe('projects', () => {
  it('projectsGetProject passes the full schema; targets.production is the serving deployment', async () => {
    const serving = emulator.state.servingDeployment('web')!
    const value = ok(await projectsGetProject(client, { idOrName: 'web', teamId }))
    expect(value).toMatchObject({ id: 'prj_web', name: 'web', accountId: teamId, lastAliasRequest: null, rollingRelease: null })
    const production = value.targets?.['production']
    expect(production).toMatchObject({
      id: serving.uid,
      url: serving.url,
      readyState: 'READY',
      readySubstate: 'PROMOTED',
      target: 'production',
      alias: ['web.vercel.app'],
      createdAt: serving.createdAt,
    })
    expect(production?.meta?.['githubCommitRef']).toBe('main')
    expect(value.env?.map((e) => e.key)).toEqual(['DATABASE_URL'])
    expect(value.latestDeployments?.[0]?.url).toBeTruthy()
  })

  it('projectsGetProject shows a rollback and a rolling release', async () => {
    const older = emulator.state.addDeployment('web', { target: 'production', createdAt: Date.now() - 10 * 86_400_000, serving: false })
    emulator.state.rollback('web', older.uid)
    emulator.state.startRollingRelease('web')
    const value = ok(await projectsGetProject(client, { idOrName: 'prj_web', teamId }))
    expect(value.targets?.['production']?.id).toBe(older.uid)
    expect(value.lastAliasRequest).toMatchObject({ type: 'rollback', jobStatus: 'succeeded', toDeploymentId: older.uid })
    expect(value.rollingRelease?.target).toBe('production')
  })

  it('projectsGetProject: unknown project is 404, unknown team 403', async () => {
    expect(apiError(await projectsGetProject(client, { idOrName: 'nope', teamId }))).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: 'Project not found' },
    })
    expect(apiError(await projectsGetProject(client, { idOrName: 'web', teamId: 'team_other' }))).toMatchObject({
      status: 403,
      error: { code: 'forbidden' },
    })
  })

  it('environmentGetProjectsByIdOrNameCustomEnvironments lists custom environments', async () => {
    const staging = emulator.state.addCustomEnvironment('web', { slug: 'staging' })
    const value = ok(await environmentGetProjectsByIdOrNameCustomEnvironments(client, { idOrName: 'web', teamId }))
    expect(value.environments).toEqual([expect.objectContaining({ id: staging.id, slug: 'staging' })])
    expect(value.accountLimit.total).toBeGreaterThan(0)
  })

  it('projectsRequestPromote serves a STAGED deployment and ends a rolled-back state', async () => {
    const current = emulator.state.servingDeployment('api')!
    const older = emulator.state.addDeployment('api', { target: 'production', createdAt: current.createdAt - 1000, serving: false })
    ok(await projectsRequestRollback(client, { projectId: 'prj_api', deploymentId: older.uid, teamId }))
    expect(emulator.state.servingDeployment('api')?.uid).toBe(older.uid)
    expect(emulator.state.project('api').lastAliasRequest?.type).toBe('rollback')

    ok(await projectsRequestPromote(client, { projectId: 'prj_api', deploymentId: current.uid, teamId }))
    expect(emulator.state.servingDeployment('api')?.uid).toBe(current.uid)
    expect(emulator.state.project('api').lastAliasRequest).toMatchObject({
      type: 'promote',
      fromDeploymentId: older.uid,
      toDeploymentId: current.uid,
    })
    expect(emulator.requests.at(-1)).toMatchObject({ path: `/v10/projects/prj_api/promote/${current.uid}`, status: 201 })
  })

  it('projectsRequestPromote refuses a deployment that is not READY', async () => {
    const failed = emulator.state.addDeployment('api', { target: 'production', readyState: 'ERROR' })
    const result = await projectsRequestPromote(client, { projectId: 'prj_api', deploymentId: failed.uid, teamId })
    expect(apiError(result)).toMatchObject({ status: 400, error: { code: 'bad_request' } })
  })
})

describe('deployments', () => {
  it('deploymentsGetDeployments filters by project, target and state, newest first', async () => {
    const value = ok(await deploymentsGetDeployments(client, { teamId, projectId: 'prj_web', target: 'production', state: 'READY', limit: 1 }))
    const serving = emulator.state.servingDeployment('web')!
    expect(value.deployments).toHaveLength(1)
    expect(value.deployments[0]).toMatchObject({
      uid: serving.uid,
      url: serving.url,
      target: 'production',
      readyState: 'READY',
      readySubstate: 'PROMOTED',
      projectId: 'prj_web',
      aliasAssigned: true,
    })
    expect(value.pagination.count).toBe(1)

    const previews = ok(await deploymentsGetDeployments(client, { teamId, projectId: 'web', target: 'preview' }))
    expect(previews.deployments.map((d) => [d.target, d.meta?.['githubCommitRef']])).toEqual([[null, 'feature/login']])
    const byBranch = ok(await deploymentsGetDeployments(client, { teamId, branch: 'feature/login' }))
    expect(byBranch.deployments).toHaveLength(4)
    const candidates = ok(await deploymentsGetDeployments(client, { teamId, projectId: 'web', rollbackCandidate: true }))
    expect(candidates.deployments.map((d) => d.uid)).toEqual([serving.uid])
  })

  it('deploymentsGetDeployments sends projectIds as repeated parameters and pages with until', async () => {
    const value = ok(await deploymentsGetDeployments(client, { teamId, projectIds: ['prj_web', 'prj_api'], limit: 3 }))
    const url = emulator.requests.at(-1)!
    expect(url.query['projectIds']).toEqual(['prj_web', 'prj_api'])
    expect(value.deployments).toHaveLength(3)
    expect(value.pagination.next).toBe(value.deployments[2]?.createdAt)

    const next = ok(
      await deploymentsGetDeployments(client, {
        teamId,
        projectIds: ['prj_web', 'prj_api'],
        limit: 3,
        until: value.pagination.next!,
      }),
    )
    expect(next.deployments).toHaveLength(1)
    expect(next.pagination.next).toBeNull()
    const all = [...value.deployments, ...next.deployments].map((d) => d.uid)
    expect(new Set(all).size).toBe(4)

    // Vercel also accepts a comma list.
    const res = await fetch(`${emulator.url}/v7/deployments?teamId=${teamId}&projectIds=prj_web,prj_docs`, {
      headers: { authorization: 'Bearer testtoken' },
    })
    const body = (await res.json()) as { deployments: { projectId: string }[] }
    expect(new Set(body.deployments.map((d) => d.projectId))).toEqual(new Set(['prj_web', 'prj_docs']))
  })

  it("deploymentsGetDeployments refuses more than 20 projectIds, and any listing a limit over 100, with Vercel's 400", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `prj_${i}`)
    // 20 IDs, repeated or as a comma list, are within Vercel's published range.
    ok(await deploymentsGetDeployments(client, { teamId, projectIds: ids(20), limit: 100 }))
    const commas = await fetch(`${emulator.url}/v6/deployments?teamId=${teamId}&projectIds=${ids(20).join(',')}`, {
      headers: { authorization: 'Bearer testtoken' },
    })
    expect(commas.status).toBe(200)

    const tooMany = apiError(await deploymentsGetDeployments(client, { teamId, projectIds: ids(21) }))
    expect(tooMany.status).toBe(400)
    expect(tooMany.error).toEqual({ code: 'bad_request', message: 'Invalid request: `projectIds` should NOT have more than 20 items' })
    const commaList = await fetch(`${emulator.url}/v7/deployments?teamId=${teamId}&projectIds=${ids(21).join(',')}`, {
      headers: { authorization: 'Bearer testtoken' },
    })
    expect(commaList.status).toBe(400)

    const pageTooLarge = apiError(await deploymentsGetDeployments(client, { teamId, projectId: 'prj_web', limit: 101 }))
    expect(pageTooLarge).toEqual({ status: 400, error: { code: 'bad_request', message: 'Invalid request: `limit` should be <= 100' } })
    const projects = await fetch(`${emulator.url}/v10/projects?teamId=${teamId}&limit=101`, { headers: { authorization: 'Bearer testtoken' } })
    expect(projects.status).toBe(400)
    expect(((await projects.json()) as { error: { message: string } }).error.message).toContain('`limit`')
  })

  it('deploymentsGetDeployment keeps url, alias, meta and readySubstate (full variant)', async () => {
    const serving = emulator.state.servingDeployment('docs')!
    const value = ok(await deploymentsGetDeployment(client, { idOrUrl: serving.uid, teamId }))
    expect(value).toMatchObject({
      id: serving.uid,
      url: serving.url,
      name: 'docs',
      alias: ['docs.vercel.app'],
      readyState: 'READY',
      readySubstate: 'PROMOTED',
      aliasAssigned: true,
      target: 'production',
      createdAt: serving.createdAt,
    })
    expect('meta' in value && value.meta['githubCommitRef']).toBe('main')

    const byUrl = ok(await deploymentsGetDeployment(client, { idOrUrl: serving.url, teamId }))
    expect(byUrl.id).toBe(serving.uid)
  })

  it('deploymentsGetDeployment resolves the production domain to the serving deployment', async () => {
    const older = emulator.state.addDeployment('docs', { target: 'production', createdAt: 1, serving: false })
    emulator.state.rollback('docs', older.uid)
    const value = ok(await deploymentsGetDeployment(client, { idOrUrl: 'docs.vercel.app', teamId }))
    expect(value.id).toBe(older.uid)
    expect(apiError(await deploymentsGetDeployment(client, { idOrUrl: 'dpl_missing', teamId }))).toMatchObject({
      status: 404,
      error: { code: 'not_found' },
    })
  })

  it('deploymentsCreateDeployment redeploys: QUEUED, full variant, meta and branch copied', async () => {
    const preview = emulator.state.deployments('web').find((d) => d.target === null)!
    const value = ok(
      await deploymentsCreateDeployment(client, {
        teamId,
        forceNew: '1',
        requestBody: { name: 'web', deploymentId: preview.uid, meta: { action: 'redeploy' } },
      }),
    )
    expect(value).toMatchObject({ readyState: 'QUEUED', name: 'web', projectId: 'prj_web', target: null, aliasAssigned: false })
    expect('url' in value && value.url).toMatch(/^web-[a-z0-9]+-acme\.vercel\.app$/)
    expect('meta' in value && value.meta).toMatchObject({ action: 'redeploy', githubCommitRef: 'feature/login' })
    const created = emulator.state.deployment(value.id)!
    expect(created.sourceDeploymentId).toBe(preview.uid)
    expect(created.gitBranch).toBe('feature/login')
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v13/deployments', query: { forceNew: '1', teamId } })

    const production = ok(
      await deploymentsCreateDeployment(client, {
        teamId,
        requestBody: { name: 'web', deploymentId: emulator.state.servingDeployment('web')!.uid, target: 'production' },
      }),
    )
    expect(production.target).toBe('production')
    expect('url' in production && production.url).toMatch(/vercel\.app$/)
  })

  it('deploymentsCreateDeployment: unknown source is 404; the daily quota answers 402', async () => {
    expect(apiError(await deploymentsCreateDeployment(client, { teamId, requestBody: { name: 'web', deploymentId: 'dpl_nope' } }))).toMatchObject({
      status: 404,
      error: { code: 'not_found' },
    })

    emulator.state.deploymentQuota = 1
    const source = emulator.state.servingDeployment('web')!.uid
    const request = { teamId, requestBody: { name: 'web', deploymentId: source, target: 'production' } }
    ok(await deploymentsCreateDeployment(client, request))
    expect(apiError(await deploymentsCreateDeployment(client, request))).toMatchObject({
      status: 402,
      error: { code: 'api-deployments-free-per-day', limit: { total: 1, remaining: 0 } },
    })
  })
})

describe('auth and routing', () => {
  it('a wrong or missing token is 403 forbidden with invalidToken', async () => {
    const wrong = new VercelCore({ bearerToken: 'nope', serverURL: emulator.url })
    expect(apiError(await projectsFilterProjectEnvs(wrong, { idOrName: 'web', teamId }))).toEqual({
      status: 403,
      error: { code: 'forbidden', message: 'Not authorized', invalidToken: true },
    })
    const anonymous = new VercelCore({ serverURL: emulator.url })
    expect(apiError(await projectsFilterProjectEnvs(anonymous, { idOrName: 'web', teamId })).error).toMatchObject({
      code: 'forbidden',
      invalidToken: true,
    })
  })

  it('unknown paths are 404 not_found', async () => {
    const res = await fetch(`${emulator.url}/v1/unknown`, { headers: { authorization: 'Bearer testtoken' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'The requested path was not found' } })
  })

  it('slug selects the team like teamId does', async () => {
    const value = ok(await projectsFilterProjectEnvs(client, { idOrName: 'api', slug: 'acme' }))
    expect('envs' in value && value.envs).toHaveLength(1)
  })
})

describe('canceled deployments and rolling releases, as Vercel answers them', () => {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${emulator.url}${path}?teamId=${teamId}`, {
      method: 'POST',
      headers: { authorization: 'Bearer testtoken', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as { error?: { message: string } } }
  }
  /** web rolls out a new production deployment through a 10-minute stage, then one that waits for approval. */
  const rolling = () => {
    const canary = emulator.state.addDeployment('web', { target: 'production', serving: false })
    emulator.state.startRollingRelease('web', canary.uid, [
      { targetPercentage: 10, durationMs: 600_000 },
      { targetPercentage: 50, requireApproval: true },
      { targetPercentage: 100 },
    ])
    return canary
  }

  it('a redeploy the Ignored Build Step cancels: errorMessage in the listing, readyStateReason and buildSkipped on a read', async () => {
    let t = Date.now()
    emulator.state.clock = () => t
    emulator.state.ignoreBuilds('web', 'git diff --quiet HEAD^ HEAD ./')
    const source = emulator.state.servingDeployment('web')!
    const created = ok(
      await deploymentsCreateDeployment(client, { teamId, requestBody: { name: 'web', deploymentId: source.uid, target: 'production' } }),
    )
    t += 60_000
    const read = ok(await deploymentsGetDeployment(client, { idOrUrl: created.id, teamId }))
    const reason = 'The Deployment has been canceled as a result of running the command defined in the "Ignored Build Step" setting.'
    expect(read).toMatchObject({ readyState: 'CANCELED', readyStateReason: reason, errorMessage: reason, buildSkipped: true })
    const listed = ok(await deploymentsGetDeployments(client, { projectId: 'prj_web', teamId })).deployments.find((d) => d.uid === created.id)
    expect(listed).toMatchObject({ readyState: 'CANCELED', errorMessage: reason })
    expect(listed).not.toHaveProperty('readyStateReason')
    // The port reads both.
    expect(toDeployment(read)).toMatchObject({ state: 'CANCELED', readyStateReason: reason, errorMessage: reason })
  })

  it('projectsGetProject shows enableAffectedProjectsDeployments', async () => {
    emulator.state.skipUnaffected('web')
    const project = ok(await projectsGetProject(client, { idOrName: 'prj_web', teamId }))
    expect(project.enableAffectedProjectsDeployments).toBe(true)
    expect(toProject(project).skipsUnaffected).toBe(true)
  })

  it('the rollout: activeStage with its duration in seconds, substate PAUSED while paused', async () => {
    const canary = rolling()
    const view = ok(await rollingReleaseGetRollingRelease(client, { idOrName: 'prj_web', teamId })).rollingRelease!
    expect(view).toMatchObject({ state: 'ACTIVE', substate: null, queuedDeploymentId: null, canaryDeployment: { id: canary.uid } })
    expect(view.activeStage).toMatchObject({ index: 0, targetPercentage: 10, duration: 600, requireApproval: false })
    expect(view.stages.map((s) => s.duration)).toEqual([600, null, null])
    // The project's configuration counts in minutes.
    expect(ok(await projectsGetProject(client, { idOrName: 'prj_web', teamId })).rollingRelease?.stages?.[0]).toMatchObject({ duration: 10 })
    emulator.state.pauseRollingRelease('web')
    expect(ok(await rollingReleaseGetRollingRelease(client, { idOrName: 'prj_web', teamId })).rollingRelease).toMatchObject({ substate: 'PAUSED' })
  })

  it('approve-stage requires nextStageIndex and canaryDeploymentId; complete requires canaryDeploymentId', async () => {
    const canary = rolling()
    const path = '/v1/projects/prj_web/rolling-release'
    expect(await post(`${path}/approve-stage`, { canaryDeploymentId: canary.uid })).toMatchObject({ status: 400 })
    expect(await post(`${path}/approve-stage`, { nextStageIndex: 1 })).toMatchObject({ status: 400 })
    expect(await post(`${path}/complete`, {})).toMatchObject({ status: 400 })
    expect(emulator.state.project('web').rollout).toMatchObject({ state: 'ACTIVE', stageIndex: 0 })
    const approved = ok(
      await rollingReleaseApproveRollingReleaseStage(client, {
        idOrName: 'prj_web',
        teamId,
        requestBody: { nextStageIndex: 1, canaryDeploymentId: canary.uid },
      }),
    )
    expect(approved.rollingRelease?.activeStage).toMatchObject({ index: 1, requireApproval: true })
    const done = ok(
      await rollingReleaseCompleteRollingRelease(client, { idOrName: 'prj_web', teamId, requestBody: { canaryDeploymentId: canary.uid } }),
    )
    expect(done.rollingRelease?.state).toBe('COMPLETE')
    expect(emulator.state.servingDeployment('web')!.uid).toBe(canary.uid)
  })

  it('a promote while a rollout is ACTIVE answers 202 and is queued; it begins rolling out when that one completes', async () => {
    const canary = rolling()
    const next = emulator.state.addDeployment('web', { target: 'production', serving: false })
    const [promoted, call] = await projectsRequestPromote(client, { projectId: 'prj_web', deploymentId: next.uid, teamId }).$inspect()
    expect(promoted.ok).toBe(true)
    expect(call.response?.status).toBe(202)
    const queued = ok(await rollingReleaseGetRollingRelease(client, { idOrName: 'prj_web', teamId })).rollingRelease!
    expect(queued).toMatchObject({ state: 'ACTIVE', canaryDeployment: { id: canary.uid }, queuedDeploymentId: next.uid })
    expect(toRollingRelease({ rollingRelease: queued })).toMatchObject({ canaryDeploymentId: canary.uid, queuedDeploymentId: next.uid })
    ok(await rollingReleaseCompleteRollingRelease(client, { idOrName: 'prj_web', teamId, requestBody: { canaryDeploymentId: canary.uid } }))
    const after = ok(await rollingReleaseGetRollingRelease(client, { idOrName: 'prj_web', teamId })).rollingRelease!
    expect(after).toMatchObject({
      state: 'ACTIVE',
      canaryDeployment: { id: next.uid },
      currentDeployment: { id: canary.uid },
      queuedDeploymentId: null,
    })
    expect(emulator.state.deployment(next.uid)?.readySubstate).toBe('ROLLING')
  })

  it('an aborted rollout drops the promotion queued behind it', async () => {
    rolling()
    const next = emulator.state.addDeployment('web', { target: 'production', serving: false })
    emulator.state.promote('web', next.uid)
    emulator.state.abortRollingRelease('web')
    expect(ok(await rollingReleaseGetRollingRelease(client, { idOrName: 'prj_web', teamId })).rollingRelease).toMatchObject({
      state: 'ABORTED',
      queuedDeploymentId: null,
    })
    expect(emulator.state.deployment(next.uid)?.readySubstate).not.toBe('ROLLING')
  })
})
