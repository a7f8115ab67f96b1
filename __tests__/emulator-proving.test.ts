/**
 * Contract tests for what proving a rotation reads: custom environments with domains, the project's automation
 * bypass and Skew Protection, Deployment Checks and custom environments in the deployments list, the rollback
 * route, and a domain resolving to what serves it. The SDK validates every answer with Vercel's schemas.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { deploymentsGetDeployment } from '@vercel/sdk/funcs/deploymentsGetDeployment.js'
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { environmentGetProjectsByIdOrNameCustomEnvironments } from '@vercel/sdk/funcs/environmentGetProjectsByIdOrNameCustomEnvironments.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { projectsGetProject } from '@vercel/sdk/funcs/projectsGetProject.js'
import { projectsRequestRollback } from '@vercel/sdk/funcs/projectsRequestRollback.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { ok } from './helpers/sdk-result.js'
import { toProject } from '../src/vercel/wire.js'

const teamId = 'team_acme'
const DAY = 86_400_000
let emulator: Emulator
let client: VercelCore

beforeEach(async () => {
  emulator = await startEmulator({ buildMs: 50 })
  const s = emulator.state
  s.addTeam({ id: teamId, slug: 'acme' })
  s.addProject({ id: 'prj_web', name: 'web', teamId })
  s.addDeployment('web', { target: 'production', createdAt: Date.now() - DAY })
  client = new VercelCore({ bearerToken: 'testtoken', serverURL: emulator.url })
})
afterEach(async () => emulator.close())

describe('proving contract', () => {
  it('getProject carries custom environments with domains, the automation bypass and Skew Protection', async () => {
    const s = emulator.state
    const env = s.addCustomEnvironment('web', { slug: 'staging', domains: ['staging.acme.dev'] })
    s.configure('web', { protection: true, bypassSecrets: ['bypass-secret-123456'], skewProtectionMaxAge: 3600 })
    const project = ok(await projectsGetProject(client, { idOrName: 'web', teamId }))
    expect(project.customEnvironments?.[0]).toMatchObject({ id: env.id, slug: 'staging' })
    expect(project.customEnvironments?.[0]?.domains?.[0]?.name).toBe('staging.acme.dev')
    expect(project.protectionBypass?.['bypass-secret-123456']).toMatchObject({ scope: 'automation-bypass' })
    expect(project.skewProtectionMaxAge).toBe(3600)
    expect(project.ssoProtection?.deploymentType).toBe('all')
    // The port reads what the SDK passed through.
    const read = toProject(project)
    expect(read).toMatchObject({ protectionBypass: 'bypass-secret-123456', skewMaxAgeMs: 3_600_000 })
    expect(read.customEnvironments).toEqual([{ id: env.id, slug: 'staging', domains: ['staging.acme.dev'] }])
  })

  it('getProject carries skewProtectionBoundaryAt in epoch ms, and the port reads it', async () => {
    const boundary = Date.now() - 3_600_000
    emulator.state.configure('web', { skewProtectionMaxAge: 3600, skewProtectionBoundaryAt: boundary })
    const project = ok(await projectsGetProject(client, { idOrName: 'web', teamId }))
    expect(project.skewProtectionBoundaryAt).toBe(boundary)
    expect(toProject(project)).toMatchObject({ skewMaxAgeMs: 3_600_000, skewBoundaryAt: boundary })
  })

  it.each(['succeeded', 'failed', 'canceled', 'skipped'] as const)(
    'Deployment Checks can conclude %s, in the list, the deployment and the project',
    async (conclusion) => {
      const s = emulator.state
      const d = s.addDeployment('web', { target: 'production', checks: { conclusion, durationMs: 0 } })
      const list = ok(await deploymentsGetDeployments(client, { projectId: 'prj_web', teamId }))
      expect(list.deployments.find((x) => x.uid === d.uid)).toMatchObject({ checksState: 'completed', checksConclusion: conclusion })
      expect(ok(await deploymentsGetDeployment(client, { idOrUrl: d.uid, teamId }))).toMatchObject({ checksConclusion: conclusion })
      const project = ok(await projectsGetProject(client, { idOrName: 'web', teamId }))
      expect(toProject(project).servingProduction).toMatchObject({ id: d.uid, checksState: 'completed', checksConclusion: conclusion })
    },
  )

  it('the custom environments list carries domains too', async () => {
    emulator.state.addCustomEnvironment('web', { slug: 'qa' })
    const body = ok(await environmentGetProjectsByIdOrNameCustomEnvironments(client, { idOrName: 'web', teamId }))
    expect(body.environments?.[0]?.domains?.[0]?.name).toBe('web-env-qa-acme.vercel.app')
  })

  it('a custom environment domain resolves to the deployment serving it; its deployments list their environment', async () => {
    const s = emulator.state
    const env = s.addCustomEnvironment('web', { slug: 'staging' })
    const d = s.addDeployment('web', { target: null, customEnvironmentId: env.id })
    const got = ok(await deploymentsGetDeployment(client, { idOrUrl: env.domains[0]!, teamId }))
    expect(got.id).toBe(d.uid)
    const list = ok(await deploymentsGetDeployments(client, { projectId: 'prj_web', teamId }))
    expect(list.deployments.find((x) => x.uid === d.uid)?.customEnvironment).toEqual({ id: env.id, slug: 'staging' })
  })

  it('Deployment Checks are registered, then running, then completed with a conclusion', async () => {
    const s = emulator.state
    // The emulator's clock moves only when the test moves it: a slow request cannot skip a stage.
    let now = Date.now()
    s.clock = () => now
    s.configure('web', { checks: { conclusion: 'failed', durationMs: 200 } })
    const d = s.createDeployment('web', { target: 'production' })
    const state = async () => {
      const list = ok(await deploymentsGetDeployments(client, { projectId: 'prj_web', teamId }))
      const item = list.deployments.find((x) => x.uid === d.uid)!
      return [item.checksState, item.checksConclusion]
    }
    expect(await state()).toEqual(['registered', undefined])
    now += 80
    expect(await state()).toEqual(['running', undefined])
    now += 250
    expect(await state()).toEqual(['completed', 'failed'])
  })

  it('requestRollback points production at an older deployment', async () => {
    const s = emulator.state
    const old = s.servingDeployment('web')!
    s.addDeployment('web', { target: 'production' })
    ok(await projectsRequestRollback(client, { projectId: 'prj_web', deploymentId: old.uid, teamId }))
    expect(s.servingDeployment('web')!.uid).toBe(old.uid)
  })

  it('shared variables list their custom environments', async () => {
    emulator.state.addSharedEnv(teamId, {
      key: 'K',
      value: 'v',
      type: 'sensitive',
      target: ['production'],
      projectIds: ['web'],
      applyToAllCustomEnvironments: true,
    })
    const body = ok(await environmentListSharedEnvVariable(client, { teamId }))
    expect(body.data[0]).toMatchObject({ key: 'K', applyToAllCustomEnvironments: true })
  })

  it('a deployment answers visits as an app built with its values', async () => {
    const s = emulator.state
    s.addProjectEnv('web', { key: 'API_KEY', value: 'refused-value', type: 'sensitive', target: ['production'] })
    const fresh = s.addDeployment('web', { target: 'production' })
    const visit = (host: string, bypass?: string) =>
      fetch(emulator.healthCheck('/api/health').replace('{url}', host), { headers: bypass ? { 'x-vercel-protection-bypass': bypass } : {} }).then(
        (r) => r.status,
      )
    expect(await visit(fresh.url)).toBe(200)
    expect(await visit('nowhere.vercel.app')).toBe(404)
    s.rejectValue('refused-value')
    expect(await visit(fresh.url)).toBe(500)
    s.configure('web', { protection: true, bypassSecrets: ['right-bypass'] })
    expect(await visit(fresh.url)).toBe(401)
    expect(await visit(fresh.url, 'wrong-bypass')).toBe(401)
    expect(await visit(fresh.url, 'right-bypass')).toBe(500)
    expect(emulator.visits.map((v) => v.bypass)).toEqual([false, false, false, false, true, true])
  })
})
