/**
 * When the wait reads deployment states: Vercel's own schedule, brought forward to when a build is due, so a
 * build finishing late in a long schedule interval is seen about when it finishes, not up to 30 s after.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import { credentialOf } from '../src/rotation/credential.js'
import { buildTook, nextPollDelay, pollingDelay, typicalBuildMs } from '../src/rotation/deploy.js'
import { runRotation } from '../src/rotation/run.js'
import type { Deployment } from '../src/vercel/port.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { runContext, TOKEN } from './helpers/rotate.js'

const built = (createdAt: number, readyAt?: number) => ({ createdAt, ...(readyAt !== undefined ? { readyAt } : {}) }) as Deployment

describe('nextPollDelay', () => {
  it('reads just after the soonest build is due, when that comes before the schedule', () => {
    expect(nextPollDelay(0, 15_000, [4_000, 9_000])).toBe(4_150)
  })
  it('keeps the schedule when it comes first, or when every build is already overdue', () => {
    expect(nextPollDelay(0, 1_000, [4_000])).toBe(1_000)
    expect(nextPollDelay(10_000, 15_000, [4_000, 9_000])).toBe(15_000)
    expect(nextPollDelay(0, 15_000, [])).toBe(15_000)
  })
  it('never reads sooner than 250 ms after the last read', () => {
    expect(nextPollDelay(0, 15_000, [10])).toBe(250)
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

  it('sees each rebuild serving within half a second of it finishing, where the schedule alone would wait to 50 s', async () => {
    const BUILD = 47_000
    const e = (emulator = await startEmulator({ buildMs: BUILD }))
    // One clock for the emulator's builds and the action's waiting: sleeping moves time on at once.
    let t = Date.now()
    e.state.clock = () => t
    seedTeam(e.state, { projects: 3, key: 'SHARED_SECRET' })
    const config = parseInputs(
      { 'vercel-token': TOKEN, 'api-url': e.url, scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' },
      {},
    )
    const deadline = t + config.timeoutMs
    const port = new SdkVercel({ token: TOKEN, apiUrl: e.url, team: 'bench', deadline: Date.now() + 60_000 })
    // Time stands still until the creates are answered, so each is stamped and seen at the same moment.
    const answered = () => e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments').length
    const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        while (answered() < 3) await realDelay(5)
        await realDelay(20)
        t += ms
      },
    }
    const result = await runRotation(
      config,
      credentialOf(config, {}, () => {}),
      {
        port,
        run: runContext(),
        log: { info: () => {}, warning: () => {}, debug: () => {} },
        clock,
        deadline,
      },
    )
    expect(result.safeToRevoke).toBe(true)
    const creates = e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments')
    const lastReady = Math.max(
      ...e.state
        .deployments()
        .filter((d) => d.sourceDeploymentId)
        .map((d) => d.ready!),
    )
    const found = e.requests.filter((r) => r.path === '/v7/deployments').at(-1)!.at
    expect(creates).toHaveLength(3)
    expect(found - lastReady).toBeGreaterThanOrEqual(0)
    expect(found - lastReady).toBeLessThan(500)
    // Vercel's schedule would have read at 50 s; the due read saves the rest of the interval.
    expect(pollingDelay(45_000)).toBe(5_000)
  })
})
