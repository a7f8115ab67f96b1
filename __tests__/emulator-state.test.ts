/** The emulator's model of Vercel: the build clock, production aliasing, rollbacks, rolling releases, env snapshots. */
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../emulator/errors.js'
import type { Deployment } from '../emulator/model.js'
import { seedDemo, seedTeam } from '../emulator/seed.js'
import { State } from '../emulator/state.js'

const T0 = 1_800_000_000_000
let now = T0
const at = (ms: number): void => {
  now = T0 + ms
}

function newState(options: ConstructorParameters<typeof State>[0] = {}): State {
  const state = new State({ buildMs: 100, ...options })
  state.clock = () => now
  return state
}

beforeEach(() => {
  now = T0
})

const redeploy = (state: State, project: string, target: 'production' | null = 'production'): Deployment =>
  state.createDeployment(project, { target, meta: { action: 'redeploy' }, source: state.servingDeployment(project)! })

describe('build clock', () => {
  it('QUEUED -> BUILDING -> READY, then promoted; the previous deployment stays READY', () => {
    const state = newState({ queueMs: 30 })
    seedDemo(state)
    const previous = state.servingDeployment('web')!
    const d = redeploy(state, 'web')
    expect(d).toMatchObject({ readyState: 'QUEUED', aliasAssigned: false, createdAt: T0 })

    at(29)
    state.advance()
    expect(d.readyState).toBe('QUEUED')
    at(30)
    expect(state.deployment(d.uid)).toMatchObject({ readyState: 'BUILDING', buildingAt: T0 + 30 })
    at(129)
    state.advance()
    expect(d.readyState).toBe('BUILDING')
    expect(state.servingDeployment('web')?.uid).toBe(previous.uid)

    at(130)
    expect(state.servingDeployment('web')?.uid).toBe(d.uid)
    expect(d).toMatchObject({
      readyState: 'READY',
      readySubstate: 'PROMOTED',
      aliasAssigned: true,
      alias: ['web.vercel.app'],
      ready: T0 + 130,
    })
    expect(previous.readyState).toBe('READY')
  })

  it('a concurrency limit queues builds, and a freed slot is reused at the exact time it frees', () => {
    const state = newState({ concurrentBuilds: 2 })
    seedTeam(state, { projects: 5 })
    const ds = state.projects().map((p) => redeploy(state, p.name))
    // createdAt values are made unique (T0, T0+1, ...) so that timestamp pagination never skips one.
    expect(ds.map((d) => d.createdAt - T0)).toEqual([0, 1, 2, 3, 4])

    at(10)
    state.advance()
    expect(ds.map((d) => d.readyState)).toEqual(['BUILDING', 'BUILDING', 'QUEUED', 'QUEUED', 'QUEUED'])

    // One late look replays everything in order.
    at(10_000)
    state.advance()
    expect(ds.map((d) => (d.buildingAt ?? 0) - T0)).toEqual([0, 1, 100, 101, 200])
    expect(ds.map((d) => (d.ready ?? 0) - T0)).toEqual([100, 101, 200, 201, 300])
    expect(ds.every((d) => d.readySubstate === 'PROMOTED')).toBe(true)
  })

  it('the concurrency limit is per team', () => {
    const state = newState({ concurrentBuilds: 1 })
    seedDemo(state)
    seedTeam(state, { projects: 1 })
    const a = redeploy(state, 'web')
    const b = redeploy(state, 'app-001')
    const c = redeploy(state, 'api')
    at(5)
    state.advance()
    expect([a, b, c].map((d) => d.readyState)).toEqual(['BUILDING', 'BUILDING', 'QUEUED'])
  })

  it('failNextBuild: ERROR, CANCELED, and HANG (which keeps its build slot)', () => {
    const state = newState({ concurrentBuilds: 1 })
    seedDemo(state)
    const serving = state.servingDeployment('web')!
    state.failNextBuild('web', 'ERROR')
    state.failNextBuild('web', 'CANCELED')
    const failed = redeploy(state, 'web')
    const canceled = redeploy(state, 'web')
    const ok = redeploy(state, 'web')
    at(1_000)
    state.advance()
    expect(failed).toMatchObject({ readyState: 'ERROR', errorCode: 'BUILD_FAILED', aliasAssigned: false })
    expect(canceled).toMatchObject({ readyState: 'CANCELED', aliasAssigned: false })
    expect(ok.readyState).toBe('READY')
    expect(state.servingDeployment('web')?.uid).toBe(ok.uid)
    expect(serving.readyState).toBe('READY')

    state.failNextBuild('api', 'HANG')
    const hung = redeploy(state, 'api')
    const waiting = redeploy(state, 'docs')
    at(1_000_000)
    state.advance()
    expect(hung.readyState).toBe('BUILDING')
    expect(waiting.readyState).toBe('QUEUED')
  })

  it('a preview build gets its branch alias and leaves production alone', () => {
    const state = newState()
    seedDemo(state)
    const serving = state.servingDeployment('web')!
    const preview = state.deployments('web').find((d) => d.target === null)!
    const d = state.createDeployment('web', { target: null, source: preview })
    at(100)
    state.advance()
    expect(d).toMatchObject({ readyState: 'READY', aliasAssigned: true, gitBranch: 'feature/login' })
    expect(d.readySubstate).toBeUndefined()
    expect(d.alias).toEqual(['web-git-feature-login-acme.vercel.app'])
    expect(state.findDeployment('team_acme', 'web-git-feature-login-acme.vercel.app').uid).toBe(d.uid)
    expect(state.servingDeployment('web')?.uid).toBe(serving.uid)
  })

  it('an older production build that finishes late does not replace a newer one', () => {
    const state = newState()
    seedDemo(state)
    const old = state.addDeployment('web', { target: 'production', readyState: 'BUILDING', createdAt: T0 - 50 })
    at(1)
    const newer = state.addDeployment('web', { target: 'production' })
    at(1_000)
    state.advance()
    expect(old).toMatchObject({ readyState: 'READY', readySubstate: 'STAGED', aliasAssigned: false })
    expect(state.servingDeployment('web')?.uid).toBe(newer.uid)
  })
})

describe('production aliasing', () => {
  it('after a rollback new builds are STAGED until a promote; then auto-promotion resumes', () => {
    const state = newState()
    seedDemo(state)
    const current = state.servingDeployment('web')!
    const older = state.addDeployment('web', { target: 'production', createdAt: current.createdAt - 5_000, serving: false })
    state.rollback('web', older.uid)
    expect(state.servingDeployment('web')?.uid).toBe(older.uid)
    expect(state.project('web').lastAliasRequest).toMatchObject({
      type: 'rollback',
      jobStatus: 'succeeded',
      fromDeploymentId: current.uid,
      toDeploymentId: older.uid,
      requestedAt: T0,
    })

    const rebuilt = state.createDeployment('web', { target: 'production', source: older })
    at(100)
    state.advance()
    expect(rebuilt).toMatchObject({ readyState: 'READY', readySubstate: 'STAGED', aliasAssigned: false })
    expect(state.servingDeployment('web')?.uid).toBe(older.uid)

    state.promote('web', rebuilt.uid)
    expect(rebuilt).toMatchObject({ readySubstate: 'PROMOTED', aliasAssigned: true, alias: ['web.vercel.app'] })
    expect(state.project('web').lastAliasRequest?.type).toBe('promote')

    const next = redeploy(state, 'web')
    at(300)
    state.advance()
    expect(next.readySubstate).toBe('PROMOTED')
    expect(state.servingDeployment('web')?.uid).toBe(next.uid)
  })

  it('with auto-assignment off production builds are STAGED', () => {
    const state = newState()
    const team = state.addTeam({ slug: 'solo' })
    const project = state.addProject({ name: 'site', teamId: team.id, autoAssign: false })
    const first = state.addDeployment(project, { target: 'production', createdAt: T0 - 1000 })
    const d = state.createDeployment(project, { target: 'production', source: first })
    at(100)
    expect(state.deployment(d.uid)).toMatchObject({ readySubstate: 'STAGED', aliasAssigned: false })
    expect(state.servingDeployment(project)?.uid).toBe(first.uid)
  })

  it('a rolling release keeps the new build ROLLING until it completes', () => {
    const state = newState()
    seedDemo(state)
    const previous = state.servingDeployment('api')!
    state.startRollingRelease('api')
    const d = redeploy(state, 'api')
    at(100)
    state.advance()
    expect(d).toMatchObject({ readyState: 'READY', readySubstate: 'ROLLING', aliasAssigned: false })
    expect(state.servingDeployment('api')?.uid).toBe(previous.uid)

    expect(state.completeRollingRelease('api').uid).toBe(d.uid)
    expect(d).toMatchObject({ readySubstate: 'PROMOTED', aliasAssigned: true })
    expect(state.servingDeployment('api')?.uid).toBe(d.uid)
    expect(() => state.completeRollingRelease('api')).toThrow(ApiError)
  })

  it('promote and rollback refuse deployments that are not READY production ones', () => {
    const state = newState()
    seedDemo(state)
    const preview = state.deployments('web').find((d) => d.target === null)!
    const failed = state.addDeployment('web', { target: 'production', readyState: 'ERROR' })
    expect(() => state.promote('web', failed.uid)).toThrow(/not ready/)
    expect(() => state.rollback('web', preview.uid)).toThrow(ApiError)
    expect(() => state.promote('web', 'dpl_unknown')).toThrow(/could not be found/)
  })
})

describe('env records and snapshots', () => {
  it('a deployment keeps the values it was built with; project records shadow shared ones', () => {
    const state = newState()
    const { stripe } = seedDemo(state)
    const before = state.servingDeployment('web')!
    expect(before.env['STRIPE_SECRET_KEY']).toMatch(/old/)
    expect(before.env['DATABASE_URL']).toMatch(/old-password/)

    state.updateSharedEnvs('team_acme', { [stripe.id]: { value: 'sk_live_new' } })
    state.editProjectEnv('web', state.projectEnvs('web')[0]!.id, { value: 'postgres://new' })
    state.addProjectEnv('docs', { key: 'STRIPE_SECRET_KEY', value: 'docs-own', type: 'encrypted', target: ['production'] })
    at(5)
    const web = redeploy(state, 'web')
    const docs = redeploy(state, 'docs')
    expect(web).toMatchObject({ envSnapshotAt: T0 + 5, env: { STRIPE_SECRET_KEY: 'sk_live_new', DATABASE_URL: 'postgres://new' } })
    expect(docs.env['STRIPE_SECRET_KEY']).toBe('docs-own')
    expect(before.env['STRIPE_SECRET_KEY']).toMatch(/old/)
  })

  it('refuses what Vercel refuses', () => {
    const state = newState()
    seedDemo(state)
    const id = state.projectEnvs('web')[0]!.id
    expect(() => state.editProjectEnv('web', id, { key: 'DATABASE_URL' })).toThrow(/Cannot update key/)
    expect(() => state.editProjectEnv('web', id, { type: 'encrypted' })).toThrow(ApiError)
    expect(() => state.addProjectEnv('web', { key: 'X', value: 'x', type: 'sensitive', target: ['development'] })).toThrow(
      /only supported on Production and Preview/,
    )
    expect(() => state.addProjectEnv('web', { key: 'X', value: 'x', type: 'plain', target: ['production'], gitBranch: 'main' })).toThrow(
      /target=preview/,
    )
  })

  it('shared updates link and unlink projects incrementally', () => {
    const state = newState()
    const { stripe } = seedDemo(state)
    const result = state.updateSharedEnvs('team_acme', {
      [stripe.id]: { projectIdUpdates: { link: ['prj_admin'], unlink: ['prj_docs'] } },
    })
    expect(result.failed).toEqual([])
    expect(stripe.projectId).toEqual(['prj_web', 'prj_api', 'prj_admin'])
  })
})

describe('seeds', () => {
  it('seedDemo builds the documented team', () => {
    const state = newState()
    const { team, stripe } = seedDemo(state)
    expect(team).toEqual({ id: 'team_acme', slug: 'acme' })
    expect(state.projects(team.id).map((p) => p.id)).toEqual(['prj_web', 'prj_api', 'prj_docs', 'prj_admin'])
    expect(stripe).toMatchObject({ key: 'STRIPE_SECRET_KEY', type: 'sensitive', projectId: ['prj_web', 'prj_api', 'prj_docs'] })
    for (const name of ['web', 'api', 'docs', 'admin']) {
      const serving = state.servingDeployment(name)!
      expect(serving).toMatchObject({ readyState: 'READY', target: 'production', createdAt: expect.any(Number) })
      expect(T0 - serving.createdAt).toBeGreaterThanOrEqual(86_400_000)
      const previews = state.deployments(name).filter((d) => d.target === null)
      expect(previews).toEqual([expect.objectContaining({ readyState: 'READY', gitBranch: 'feature/login' })])
    }
    expect(state.projectEnvs('web').map((e) => e.key)).toEqual(['DATABASE_URL'])
    expect(state.projectEnvs('docs')).toEqual([])
  })

  it('seedTeam builds N projects linked to one shared variable', () => {
    const state = newState()
    const { projects, shared } = seedTeam(state, { projects: 120, key: 'API_TOKEN' })
    expect(projects.map((p) => p.name).slice(0, 2)).toEqual(['app-001', 'app-002'])
    expect(projects.at(-1)?.name).toBe('app-120')
    expect(shared).toMatchObject({ key: 'API_TOKEN' })
    expect(shared.projectId).toHaveLength(120)
    expect(projects.every((p) => state.servingDeployment(p)?.readyState === 'READY')).toBe(true)
  })
})
