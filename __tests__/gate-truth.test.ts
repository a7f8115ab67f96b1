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
import { redeploys, rotate, statusOf, twoProjects } from './helpers/rotate.js'

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
 * One clock for the emulator and the wait: each sleep lets answers in flight arrive, then moves time on by at most
 * a second, and before each sleep `act` runs until it returns true: a third party acting in Vercel while the run
 * waits. Minutes of building and proving pass in milliseconds, in the same order as in real time.
 */
function clockWith(act: () => boolean) {
  let t = Date.now()
  emulator!.state.clock = () => t
  let done = false
  return {
    now: () => t,
    sleep: async (ms: number) => {
      done ||= act()
      await new Promise((r) => setTimeout(r, 2))
      t += Math.min(ms, 1_000)
    },
  }
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
    const clock = clockWith(() => rebuildServes('web', since) && (emulator!.state.rollback('web', before.uid), true))
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
    const clock = clockWith(() => {
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
    const clock = clockWith(() => {
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
    const clock = clockWith(() => {
      // Once the rebuild is judged serving the environment: its health check has been tried at its own URL.
      const current = env.servingDeploymentId
      const rebuilt = current && current !== old.uid ? emulator!.state.deployment(current) : undefined
      if (!rebuilt || !emulator!.visits.some((v) => v.host === rebuilt.url)) return false
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

describe('rotated-at is when the write began', () => {
  it('is the earliest updatedAt of the records written, so verify finds every record written at or after it', async () => {
    emulator = await twoProjects()
    const s = emulator.state
    for (const name of ['web', 'api']) s.addProjectEnv(name, { key: 'DATABASE_PASSWORD', value: 'old', type: 'sensitive', target: ['production'] })
    // Time moves on with every look at the clock, so no two writes share a millisecond; the wait reads the same clock.
    let t = Date.now()
    s.clock = () => ++t
    const clock = { now: () => s.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20))) }
    const keys = { ...base, name: 'DATABASE_URL, DATABASE_PASSWORD', value: '' }
    const env = { DATABASE_URL: 'new-url', DATABASE_PASSWORD: 'new-password' }
    const { result } = await rotate(emulator, keys, { env, clock })
    const written = ['web', 'api'].flatMap((p) => s.projectEnvs(p)).map((r) => r.updatedAt)
    expect(new Set(written).size).toBe(4)
    expect(result.rotatedAt).toBe(new Date(Math.min(...written)).toISOString())
    const { result: verified } = await rotate(emulator, { ...keys, mode: 'verify', 'rotated-at': result.rotatedAt! }, { env, clock })
    expect(verified.safeToRevoke, JSON.stringify(verified.projects.map((p) => [p.status, p.note]))).toBe(true)
  })
})
