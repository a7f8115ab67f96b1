/**
 * Secret hygiene and cancellation, on the bundle as the runner runs it. Debug logging is on everywhere
 * (RUNNER_DEBUG, ACTIONS_STEP_DEBUG): that is when a leak would show, and users turn it on exactly when
 * something went wrong. Each case also checks the exit code, safe-to-revoke, and what was written.
 */
import { describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import type { TeamSeed } from '../emulator/seed.js'
import { expectMaskedFirst, expectNoCanaries, runAction, type ActionRun } from '../scripts/run-action.js'
import { CANARIES, CANARY_PREVIOUS, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'

const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }

interface Bench {
  emulator: Emulator
  seed: TeamSeed
}

/** Each test owns its emulator, so the cheap cases can run side by side. */
async function withTeam<T>(projects: number, o: EmulatorOptions, fn: (b: Bench) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 150, ...o })
  try {
    return await fn({ emulator, seed: seedTeam(emulator.state, { projects, key: 'SHARED_SECRET' }) })
  } finally {
    await emulator.close()
  }
}

const teamInputs = (e: Emulator, over: Record<string, string> = {}) => ({
  'vercel-token': CANARY_TOKEN,
  scope: 'team',
  team: 'bench',
  name: 'SHARED_SECRET',
  value: CANARY_VALUE,
  // Every failure below may write it back, or say why not: none of that may show it.
  'previous-value': CANARY_PREVIOUS,
  'api-url': e.url,
  ...over,
})

const act = (inputs: Record<string, string>, timeoutMs = 60_000) => runAction({ inputs, env: DEBUG, timeoutMs })

const nonGet = (e: Emulator) => e.requests.filter((r) => r.method !== 'GET')
const creates = (e: Emulator) => e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments' && r.status === 200)

/** Masked before anything else was printed, and never shown anywhere; outputs and summary always written. */
function expectClean(run: ActionRun, safe: boolean): void {
  expectMaskedFirst(run, [CANARY_TOKEN, CANARY_VALUE, CANARY_PREVIOUS])
  expectNoCanaries(run, CANARIES)
  expect(run.outputs['safe-to-revoke']).toBe(String(safe))
  expect(run.summary).toContain(`safe-to-revoke: \`${safe}\``)
}

function expectSucceeded(run: ActionRun, b: Bench): void {
  expect(run.code, run.stdout).toBe(0)
  expectClean(run, true)
  expect(run.outputs['failed-projects']).toBe('')
  expect((JSON.parse(run.outputs.projects!) as Array<{ status: string }>).map((p) => p.status)).toEqual(b.seed.projects.map(() => 'redeployed'))
  expect(creates(b.emulator)).toHaveLength(b.seed.projects.length)
}

/** An error before the first write: the step fails with the fix, and Vercel was only read. */
function expectRefusedBeforeWriting(run: ActionRun, e: Emulator, message: RegExp): void {
  expect(run.code).toBe(1)
  expectClean(run, false)
  expect(run.stdout).toMatch(message)
  expect(nonGet(e)).toHaveLength(0)
  expect(run.summary).toMatch(/Nothing was written|still needed/)
}

describe.concurrent('no secret shows, whatever goes wrong (debug logging on)', () => {
  it('503 then 429 first on every route: retried, succeeds', async () => {
    await withTeam(3, {}, async (b) => {
      b.emulator.faults.firstRequestsOfEachRoute([503, { status: 429, retryAfter: 1 }])
      const run = await act(teamInputs(b.emulator))
      expectSucceeded(run, b)
      expect(b.emulator.requests.some((r) => r.status === 503)).toBe(true)
      expect(b.emulator.requests.some((r) => r.status === 429)).toBe(true)
      expect(run.stdout).toMatch(/HTTP 429; retrying in/)
    })
  })

  it('connections dropped mid-answer on a project read and the deployments list: retried, succeeds', async () => {
    await withTeam(3, {}, async (b) => {
      b.emulator.faults.add({ method: 'GET', path: '/v9/projects/{idOrName}', kind: 'reset-mid-response' })
      b.emulator.faults.add({ method: 'GET', path: '/v7/deployments', kind: 'reset-mid-response' })
      const run = await act(teamInputs(b.emulator))
      expectSucceeded(run, b)
      expect(b.emulator.requests.filter((r) => r.status === 0)).toHaveLength(2)
    })
  })

  it('a failed build: the step fails naming the project, safe-to-revoke false', async () => {
    await withTeam(2, {}, async (b) => {
      b.emulator.state.failNextBuild(b.seed.projects[1]!.id, 'ERROR')
      const run = await act(teamInputs(b.emulator))
      expect(run.code).toBe(1)
      expectClean(run, false)
      expect(run.outputs['failed-projects']).toBe('app-002')
      expect(run.stdout).toMatch(/::error::SHARED_SECRET is not safe to revoke: app-002 \(failed: The build failed/)
      expect(creates(b.emulator)).toHaveLength(2)
      // app-001 serves the new value: the previous one is not written back, and the step says who holds which.
      expect(run.stdout).toMatch(
        /Not restored: app-001 serves a deployment built with the new value; app-002 still serves one built with the old value/,
      )
      expect(b.emulator.state.sharedEnvs(b.seed.team.id)[0]!.value).toBe(CANARY_VALUE)
    })
  })

  it('a failed[] entry in the update: the step fails, nothing redeployed, the value unchanged', async () => {
    await withTeam(2, {}, async (b) => {
      b.emulator.state.failNextSharedUpdate(b.seed.shared.id, { code: 'forbidden', message: 'Not allowed to edit this variable' })
      const run = await act(teamInputs(b.emulator))
      expect(run.code).toBe(1)
      expectClean(run, false)
      expect(run.stdout).toMatch(/::error::.*refused for 1 record/)
      // The refused update is the only request that could have changed anything.
      expect(nonGet(b.emulator).map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /v1/env'])
      expect(b.emulator.state.sharedEnvs(b.seed.team.id)[0]!.value).toBe('old-secret-value')
    })
  })

  it('a token Vercel refuses: the step fails naming vercel-token, nothing written', async () => {
    // The canary token is the wrong one here: Vercel accepts another.
    await withTeam(2, { token: 'the-token-vercel-knows' }, async (b) => {
      const run = await act(teamInputs(b.emulator))
      expectRefusedBeforeWriting(run, b.emulator, /::error::.*HTTP 403.*vercel-token/)
    })
  })

  it('a team the token cannot see (403): the step fails naming the fix, nothing written', async () => {
    await withTeam(2, {}, async (b) => {
      const run = await act(teamInputs(b.emulator, { team: 'no-such-team' }))
      expectRefusedBeforeWriting(run, b.emulator, /::error::.*HTTP 403.*team/)
    })
  })

  it('an unknown project (404): the step fails naming it, nothing written', async () => {
    await withTeam(2, {}, async (b) => {
      b.emulator.state.addProjectEnv(b.seed.projects[0]!.id, { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
      const run = await act(teamInputs(b.emulator, { scope: 'project', projects: 'app-001, no-such-app', name: 'DATABASE_URL' }))
      expectRefusedBeforeWriting(run, b.emulator, /::error::.*HTTP 404.*Check the project name or ID/)
    })
  })

  it('bad inputs: the step fails listing them before sending any request', async () => {
    await withTeam(2, {}, async (b) => {
      const run = await act(teamInputs(b.emulator, { 'max-parallel': 'lots' }))
      expectRefusedBeforeWriting(run, b.emulator, /::error::Invalid input: max-parallel/)
      expect(b.emulator.requests).toHaveLength(0)
    })
  })
})

describe.each(['SIGTERM', 'SIGINT'] as const)('cancelled by %s while the redeploys build', (signal) => {
  it('exits non-zero within seconds, safe-to-revoke false, summary lists every project as not verified', async () => {
    // Builds that outlast the test: the run is certainly waiting when the signal comes.
    await withTeam(5, { buildMs: 60_000 }, async (b) => {
      // The signal comes once every redeploy is created and its answer has had time to reach the action: on a
      // loaded machine start-up alone can take seconds.
      let signalledAt = Infinity
      let allCreatedAt = Infinity
      const when = () => {
        if (creates(b.emulator).length === 5) allCreatedAt = Math.min(allCreatedAt, Date.now())
        return Date.now() - allCreatedAt >= 500 && ((signalledAt = Date.now()), true)
      }
      const run = await runAction({ inputs: teamInputs(b.emulator), env: DEBUG, signalAfter: { signal, when }, timeoutMs: 20_000 })
      const stopped = Date.now()

      // Every redeploy was created before the signal, so this is a cancellation while waiting.
      expect(creates(b.emulator)).toHaveLength(5)
      expect(signalledAt).toBeLessThan(stopped)
      expect(run.code).not.toBe(0)
      expect(run.code, 'killed instead of exiting by itself').not.toBeNull()
      expect(stopped - signalledAt).toBeLessThan(5_000)

      expectClean(run, false)
      expect(run.stdout).toMatch(/::error::The run was cancelled/)
      expect(run.stdout).toMatch(/Not restored: the run was cancelled before every rebuild was judged/)
      for (const p of b.seed.projects) expect(run.summary).toMatch(new RegExp(`\\| ${p.name} \\|.*redeployed \\(not verified\\)`))
      expect(run.summary).toMatch(/The run was cancelled\. Do not revoke/)
      expect((JSON.parse(run.outputs.projects!) as Array<{ status: string }>).map((p) => p.status)).toEqual(Array(5).fill('redeployed'))
      // Nothing more was created after the signal.
      expect(creates(b.emulator).every((r) => r.at <= signalledAt)).toBe(true)
    })
  })
})
