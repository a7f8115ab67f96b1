/**
 * The verdict is taken from what serves at the end, not from what served once: an earlier attempt's rebuild that
 * was rolled back, an Instant Rollback or an older build taking over while the run waits on other projects, a
 * custom environment's domain that moved or that resolves to nothing. Each case ran `safe-to-revoke: true` with
 * the old value still serving before the re-read; here each must hold the verdict back, or end with the new value
 * really serving.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/index.js'
import { servingOf } from '../src/rotation/environments.js'
import type { Deployment } from '../src/vercel/port.js'
import { redeploys, rotate, sharedClock, statusOf, twoProjects } from './helpers/rotate.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const base = { projects: 'web, api', name: 'DATABASE_URL', value: 'new-value', team: 'acme' }
const DAY = 86_400_000

/** What production of a project serves now, as a visitor meets it: the value it was built with ('old' before the rotation). */
const liveValue = (project: string) => emulator!.state.servingDeployment(project)?.env['DATABASE_URL'] ?? 'old'

/**
 * The shared clock, with `act` run before each sleep of the wait until it returns true: a third party acting in
 * Vercel while the run waits.
 */
function clockWith(creates: number, act: () => boolean) {
  const clock = sharedClock(emulator!, creates)
  let done = false
  return { now: clock.now, sleep: async (ms: number) => void ((done ||= act()), await clock.sleep(ms)) }
}

/** The project's rebuild serves production: built since the run began (the shared clock stands still until it sleeps). */
const rebuildServes = (project: string, since: number) => (emulator!.state.servingDeployment(project)?.createdAt ?? 0) >= since

describe('a re-run compares with what serves now', () => {
  it("does not adopt an earlier attempt's rebuild that production was rolled back from: it rebuilds what serves", async () => {
    emulator = await twoProjects()
    const before = emulator.state.servingDeployment('web')!
    const first = await rotate(emulator, { ...base, promote: 'auto' }, { run: { runId: '900', runAttempt: 1 } })
    expect(first.result.safeToRevoke).toBe(true)
    // Someone rolls web back to the deployment that served before the rotation; the workflow run is re-run.
    emulator.state.rollback('web', before.uid)
    expect(liveValue('web')).toBe('old')
    const second = await rotate(emulator, { ...base, promote: 'auto' }, { run: { runId: '900', runAttempt: 2 } })
    // PROMOTED on the earlier rebuild tells of the past: the verdict follows what serves production now.
    if (second.result.safeToRevoke) expect(liveValue('web')).toBe('new-value')
    expect(liveValue('web')).toBe('new-value')
    expect(statusOf(second.result).api).toBe('already-current')
  })
})

describe('before the verdict, what serves is read again', () => {
  it('an Instant Rollback of a project while the run waits on another holds the verdict back, naming it', async () => {
    emulator = await twoProjects({ buildMs: 2_000 })
    const before = emulator.state.servingDeployment('web')!
    const since = Date.now()
    // api takes longer to warm up than web: the run is still proving api when web is rolled back.
    emulator.state.configure('api', { coldStartVisits: 4 })
    const clock = clockWith(2, () => rebuildServes('web', since) && (emulator!.state.rollback('web', before.uid), true))
    const { result, logs } = await rotate(emulator, { ...base, promote: 'auto', 'health-check': emulator.healthCheck() }, { clock })
    expect(liveValue('web')).toBe('old')
    expect(result.safeToRevoke).toBe(false)
    const web = result.projects.find((p) => p.name === 'web')!
    expect(web).toMatchObject({ status: 'failed', revokeReady: false, displaced: true })
    expect(web.note).toMatch(new RegExp(`no longer serves .*it now serves ${before.uid}.*before the value was written`))
    expect(logs.some((l) => l.startsWith('warning: web: Production no longer serves'))).toBe(true)
    expect(statusOf(result).api).toBe('redeployed')
  })

  it('an older build that takes over production after the rebuild holds the verdict back', async () => {
    emulator = await twoProjects({ buildMs: 2_000 })
    const since = Date.now()
    emulator.state.configure('api', { coldStartVisits: 4 })
    let older: Deployment | undefined
    const clock = clockWith(2, () => {
      if (!rebuildServes('web', since)) return false
      // A build queued before the write finishes now and takes production over.
      const d = emulator!.state.addDeployment('web', { target: 'production', createdAt: since - 60_000, serving: true })
      // Its values were resolved when it was created, before the write.
      d.env = { DATABASE_URL: 'old' }
      older = { id: d.uid } as Deployment
      return true
    })
    const { result } = await rotate(emulator, { ...base, promote: 'auto', 'health-check': emulator.healthCheck() }, { clock })
    expect(liveValue('web')).toBe('old')
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects.find((p) => p.name === 'web')!.note).toContain(`it now serves ${older!.id}`)
  })

  it('a later build, made after the write, that takes over is proven too, and then counts', async () => {
    emulator = await twoProjects({ buildMs: 2_000 })
    const since = Date.now()
    emulator.state.configure('api', { coldStartVisits: 4 })
    const clock = clockWith(2, () => {
      if (!rebuildServes('web', since)) return false
      emulator!.state.addDeployment('web', { target: 'production', serving: true })
      return true
    })
    const { result, logs } = await rotate(emulator, { ...base, promote: 'auto', 'health-check': emulator.healthCheck() }, { clock })
    expect(liveValue('web')).toBe('new-value')
    expect(logs.some((l) => /web: production now serves dpl_\w+, built after the write/.test(l))).toBe(true)
    expect(result.safeToRevoke).toBe(true)
    // The later build was proven at its own URL like any rebuild.
    const later = emulator.state.servingDeployment('web')!
    expect(emulator.visits.some((v) => v.host === later.url)).toBe(true)
  })
})

describe('custom environments: every host, and "unknown" holds the verdict back', () => {
  /** web with a custom environment `staging` whose hosts are `domains`, served by a deployment from yesterday. */
  async function staging(domains: string[]) {
    emulator = await twoProjects()
    const s = emulator.state
    const env = s.addCustomEnvironment('web', { slug: 'staging', domains })
    s.addDeployment('web', { target: null, customEnvironmentId: env.id, createdAt: Date.now() - DAY })
    s.addProjectEnv('web', { key: 'STAGING_KEY', value: 'old', type: 'encrypted', target: [], customEnvironmentIds: [env.id] })
    return env
  }
  const stagingBase = { projects: 'web', name: 'STAGING_KEY', value: 'new-staging', team: 'acme' }

  it('a domain of the environment that resolves to no deployment holds the verdict back, naming it', async () => {
    await staging(['staging.acme.dev', 'qa.acme.dev'])
    // Vercel answers 404 for the second domain: what serves there cannot be told.
    emulator!.faults.add({ method: 'GET', path: /\/deployments\/qa\.acme\.dev$/, kind: 'status', status: 404, times: 100 })
    const { result } = await rotate(emulator!, stagingBase)
    expect(result.safeToRevoke).toBe(false)
    const web = result.projects[0]!
    expect(web.environments![0]).toMatchObject({ slug: 'staging', status: 'failed' })
    expect(web.environments![0]!.note).toMatch(/qa\.acme\.dev of environment staging resolves to no deployment/)
  })

  it('an environment with no domain or alias at all is unknown, not "nothing serves"', async () => {
    await staging([])
    const { result } = await rotate(emulator!, stagingBase)
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[0]!.environments![0]!.note).toMatch(/names no domain or alias for environment staging/)
  })

  it('a domain moved back to an older deployment after the environment was judged holds the verdict back', async () => {
    const env = await staging(['staging.acme.dev', 'qa.acme.dev'])
    const old = emulator!.state.deployments('web').find((d) => d.customEnvironmentId === env.id)!
    emulator!.state.configure('web', { coldStartVisits: 4 })
    const clock = clockWith(1, () => {
      const current = env.servingDeploymentId
      if (!current || current === old.uid) return false
      // Someone points the environment back at the older deployment while the rebuild is still being proven.
      emulator!.state.addDeployment('web', { target: null, customEnvironmentId: env.id, createdAt: old.createdAt + 1, serving: true })
      return true
    })
    const { result } = await rotate(emulator!, { ...stagingBase, 'health-check': emulator!.healthCheck() }, { clock })
    expect(redeploys(emulator!)).toHaveLength(1)
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[0]!.environments![0]!.note).toMatch(/Environment staging no longer serves/)
  })
})

describe('servingOf (pure)', () => {
  const d = (id: string, projectId = 'prj_web') => ({ id, projectId }) as Deployment
  const p = { id: 'prj_web' }
  const env = { slug: 'staging' }

  it('every host naming one deployment of the project serves it', () => {
    expect(
      servingOf(p, env, [
        { host: 'a', deployment: d('dpl_1') },
        { host: 'b', deployment: d('dpl_1') },
      ]).serving?.id,
    ).toBe('dpl_1')
  })

  it('hosts that disagree, a host of another project, or none at all are unknown', () => {
    expect(
      servingOf(p, env, [
        { host: 'a', deployment: d('dpl_1') },
        { host: 'b', deployment: d('dpl_2') },
      ]).unknown,
    ).toMatch(/serve different deployments \(a -> dpl_1, b -> dpl_2\)/)
    expect(servingOf(p, env, [{ host: 'a', deployment: d('dpl_1', 'prj_other') }]).unknown).toMatch(
      /a of environment staging resolves to no deployment/,
    )
    expect(servingOf(p, env, []).unknown).toMatch(/no domain or alias/)
  })
})
