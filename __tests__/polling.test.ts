/**
 * When the wait reads deployment states: Vercel's own schedule, brought forward to when a build is due, so a
 * build finishing late in a long schedule interval is seen about when it finishes, not up to 30 s after.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import { credentialOf } from '../src/rotation/credential.js'
import { buildReadAt, buildTook, nextReadAt, pollingDelay, typicalBuildMs } from '../src/rotation/wait/schedule.js'
import { runRotation } from '../src/rotation/run.js'
import type { Deployment } from '../src/vercel/port.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { runContext, TOKEN } from './helpers/rotate.js'

const built = (createdAt: number, readyAt?: number) => ({ createdAt, ...(readyAt !== undefined ? { readyAt } : {}) }) as Deployment

describe('when a waiting build is read', () => {
  it('just after it is due, when that comes before its schedule', () => {
    // Created at 0, last read at 20 s: the schedule says 25 s, the build is due at 22 s.
    expect(buildReadAt(0, 20_000, 22_000)).toBe(22_150)
  })
  it('on its own schedule, counted from its own create, when that comes first or its due time is past', () => {
    expect(buildReadAt(0, 0, 4_000)).toBe(1_000)
    expect(buildReadAt(5_000, 5_000, undefined)).toBe(6_000)
    expect(buildReadAt(0, 20_000, 4_000)).toBe(25_000)
  })
  it('each second once overdue, since builds vary about the median, then on the schedule after twice its due time', () => {
    // Due at 47 s, still building at 47.15 s: the schedule alone would look again at 52.15 s.
    expect(buildReadAt(0, 47_150, 47_000)).toBe(48_150)
    expect(buildReadAt(0, 93_000, 47_000)).toBe(94_000)
    // Twice as long as due and still not READY (a stuck build): Vercel's schedule, never hammered.
    expect(buildReadAt(0, 95_000, 47_000)).toBe(110_000)
    // More overdue builds than one read covers (a build queue): the schedule.
    expect(buildReadAt(0, 47_150, 47_000, false)).toBe(52_150)
  })
  it('in one read with others near it: never sooner than 100 ms after the last read', () => {
    expect(nextReadAt(0, [10, 900])).toBe(100)
    expect(nextReadAt(0, [4_150, 9_000])).toBe(4_150)
  })
})

describe('how long builds take', () => {
  it("is the median of this run's READY builds, by Vercel's clock", () => {
    expect(typicalBuildMs([built(0, 30_000), built(100, 40_100), built(5, 90_005)])).toBe(40_000)
    expect(typicalBuildMs([built(0)])).toBeUndefined()
  })
  it('is unknown for a deployment without a READY time after its create', () => {
    expect(buildTook(built(1_000))).toBeUndefined()
    expect(buildTook(built(1_000, 1_000))).toBeUndefined()
    expect(buildTook(built(1_000, 48_000))).toBe(47_000)
  })
})

describe('the wait, on a build of 47 s', () => {
  let emulator: Emulator | undefined
  afterEach(async () => {
    await emulator?.close()
    emulator = undefined
  })

  /** Rotates on one clock for the emulator's builds and the action's waiting: sleeping moves time on at once. */
  async function rotateOnOneClock(projects: number, before: (e: Emulator) => void = () => {}) {
    const e = (emulator = await startEmulator({ buildMs: BUILD }))
    let t = Date.now()
    e.state.clock = () => t
    seedTeam(e.state, { projects, key: 'SHARED_SECRET' })
    before(e)
    const { settings: config, secrets } = parseInputs(
      { 'vercel-token': TOKEN, 'api-url': e.url, scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' },
      {},
    )
    const port = new SdkVercel({ token: TOKEN, apiUrl: e.url, team: 'bench', deadline: Date.now() + 60_000 })
    // Time stands still until the creates are answered, so each is stamped and seen at the same moment.
    const answered = () => e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments').length
    const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        while (answered() < projects) await realDelay(5)
        await realDelay(20)
        t += ms
      },
    }
    const log = { info: () => {}, warning: () => {}, debug: () => {} }
    const result = await runRotation(
      config,
      credentialOf({ ...config, value: secrets.value }, {}, () => {}),
      { port, run: runContext(), log, clock, deadline: t + config.timeoutMs },
    )
    return { e, result, statusReads: e.requests.filter((r) => r.path === '/v7/deployments') }
  }
  const BUILD = 47_000

  it('sees each rebuild serving within half a second of it finishing, where the schedule alone would wait to 50 s', async () => {
    const { e, result, statusReads } = await rotateOnOneClock(3)
    expect(result.safeToRevoke).toBe(true)
    const lastReady = Math.max(
      ...e.state
        .deployments()
        .filter((d) => d.sourceDeploymentId)
        .map((d) => d.ready!),
    )
    const found = statusReads.at(-1)!.at
    expect(found - lastReady).toBeGreaterThanOrEqual(0)
    expect(found - lastReady).toBeLessThan(500)
    // Vercel's schedule would have read at 50 s; the due read saves the rest of the interval.
    expect(pollingDelay(45_000)).toBe(5_000)
  })

  it('a build slower than its due time is looked for each second, not 5 s apart on the schedule', async () => {
    // Its last build took 40 s; this one takes 47 s. Vercel's schedule at that age reads every 5 s (45 s, 50 s).
    const { e, result, statusReads } = await rotateOnOneClock(1, (e) => {
      const first = e.state.servingDeployment('prj_app001')!
      first.ready = first.createdAt + 40_000
    })
    expect(result.safeToRevoke).toBe(true)
    const ready = e.state.deployments().find((d) => d.sourceDeploymentId)!.ready!
    const found = statusReads.at(-1)!.at
    expect(found - ready).toBeGreaterThanOrEqual(0)
    expect(found - ready).toBeLessThan(1_000)
  })

  it('overdue builds are read each second only while one request covers them: a queue of them, on the schedule', async () => {
    // Every last build took 10 s; these take 47 s. From 15 s old the schedule reads every 5 s; overdue builds
    // (up to twice their due time, 20 s) are read each second, but only up to 50 of them.
    const readsBetween15And20s = async (projects: number) => {
      const { e, statusReads } = await rotateOnOneClock(projects, (e) => {
        for (const p of e.state.projects()) {
          const serving = e.state.servingDeployment(p.id)!
          serving.ready = serving.createdAt + 10_000
        }
      })
      const created = e.requests.find((r) => r.method === 'POST' && r.path === '/v13/deployments')!.at
      await emulator?.close()
      emulator = undefined
      return statusReads.filter((r) => r.at - created > 15_500 && r.at - created < 20_000).length
    }
    expect(await readsBetween15And20s(40)).toBeGreaterThanOrEqual(3)
    expect(await readsBetween15And20s(60)).toBe(0)
  })

  it('a read between scheduled ones asks only for the builds that fell due, not for every build still waiting', async () => {
    // app-001 was built in 10 s last time, app-002 in 47 s: at about 10 s only app-001 is looked for.
    const { result, statusReads } = await rotateOnOneClock(2, (e) => {
      const first = e.state.servingDeployment('prj_app001')!
      first.ready = first.createdAt + 10_000
    })
    expect(result.safeToRevoke).toBe(true)
    const forOne = statusReads.filter((r) => r.query.projectId === 'prj_app001')
    expect(forOne.length).toBeGreaterThan(0)
    expect(statusReads.every((r) => r.query.projectId !== undefined || Array.isArray(r.query.projectIds))).toBe(true)
  })
})
