/**
 * The several-teams workflow, played end to end on the bundle: each matrix leg a separate process with the
 * runner's variables, its result file placed as actions/download-artifact leaves it, then the gate (no Vercel
 * request: it runs with an api-url nothing listens on, and without the bundle's SDK chunks) and the verify legs.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { DIST, expectNoCanaries, runAction, type ActionRun } from '../scripts/run-action.js'
import { CANARIES, CANARY_PREVIOUS, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'

const TEAMS = ['team-a', 'team-b', 'team-c']
const BYPASS_CANARY = 'bypass-canary-0d5e8a7c31f2'

let emulator: Emulator
let work: string
beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'gate-e2e-'))
  emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 100 })
  const s = emulator.state
  for (const slug of TEAMS) {
    const team = s.addTeam({ id: `team_${slug.slice(-1)}`, slug })
    const project = s.addProject({ id: `prj_web_${slug.slice(-1)}`, name: `web-${slug.slice(-1)}`, teamId: team.id })
    s.addSharedEnv(team.id, { key: 'DATABASE_URL', value: 'old-value', type: 'sensitive', target: ['production'], projectIds: [project.id] })
    s.addDeployment(project, { target: 'production', createdAt: Date.now() - 86_400_000 })
  }
})
afterEach(async () => {
  await emulator.close()
  rmSync(work, { recursive: true, force: true })
})

/** One matrix leg on its own runner: its own RUNNER_TEMP, this run's ID and the given attempt. */
async function leg(team: string, o: { attempt?: number; mode?: string; runId?: string } = {}): Promise<ActionRun> {
  const temp = join(work, `runner-${team}-${o.attempt ?? 1}-${o.mode ?? 'rotate'}`)
  mkdirSync(temp, { recursive: true })
  const inputs: Record<string, string> = {
    'vercel-token': CANARY_TOKEN,
    team,
    scope: 'team',
    name: 'DATABASE_URL',
    'api-url': emulator.url,
    'protection-bypass': BYPASS_CANARY,
    'timeout-minutes': '1',
    ...(o.mode === 'verify' ? { mode: 'verify' } : { value: CANARY_VALUE, 'previous-value': CANARY_PREVIOUS }),
  }
  return runAction({
    inputs,
    env: { RUNNER_TEMP: temp, GITHUB_RUN_ID: o.runId ?? '4242', GITHUB_RUN_ATTEMPT: String(o.attempt ?? 1), RUNNER_DEBUG: '1' },
  })
}

/** Where actions/download-artifact puts artifact `rotation-<team>`: a folder of that name holding the file. */
function download(run: ActionRun, team: string, attempt = 1): string {
  const path = run.outputs['result-file']!
  expect(path).toMatch(new RegExp(`runner-${team}-${attempt}-`))
  const to = join(work, 'results', `rotation-${team}${attempt > 1 ? `-attempt-${attempt}` : ''}`)
  mkdirSync(to, { recursive: true })
  cpSync(path, join(to, basename(path)))
  return join(to, basename(path))
}

/** The gate job: no token, an api-url nothing answers on, and the bundle without the chunks that hold the SDK. */
async function gate(legs: string[] = TEAMS): Promise<ActionRun> {
  const bare = join(work, 'dist-bare')
  mkdirSync(bare, { recursive: true })
  const from = resolve(DIST, '..')
  for (const f of readdirSync(from)) if (!/^\d+\.index\.js/.test(f)) cpSync(join(from, f), join(bare, f))
  const before = emulator.requests.length
  const run = await runAction({
    inputs: { mode: 'gate', results: join(work, 'results'), expect: JSON.stringify(legs), 'api-url': 'http://127.0.0.1:9' },
    env: { RUNNER_TEMP: join(work, 'runner-gate'), GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' },
    entry: join(bare, 'index.js'),
  })
  expect(emulator.requests.length, 'gate made no Vercel request').toBe(before)
  expect(run.stderr).toBe('')
  return run
}

describe('several teams, one approval', () => {
  it('every leg safe: the gate says true, and each verify leg takes its own rotated-at from it', async () => {
    const legs = await Promise.all(TEAMS.map((t) => leg(t)))
    for (const [i, run] of legs.entries()) {
      expect(run.code, run.stdout).toBe(0)
      const file = readFileSync(download(run, TEAMS[i]!), 'utf8')
      // The result file of a rotation: no token, value, previous value or bypass secret.
      for (const c of [...CANARIES, BYPASS_CANARY]) expect(file).not.toContain(c)
      expect(JSON.parse(file)).toMatchObject({
        team: TEAMS[i],
        keys: ['DATABASE_URL'],
        mode: 'rotate',
        safeToRevoke: true,
        run: { runId: '4242', runAttempt: 1 },
      })
    }
    const g = await gate()
    expect(g.code, g.stdout).toBe(0)
    expect(g.outputs['safe-to-revoke']).toBe('true')
    expect(g.outputs['revoke-after']).not.toBe('')
    const rotatedAt = JSON.parse(g.outputs['rotated-at']!) as Record<string, string>
    expect(Object.keys(rotatedAt).sort()).toEqual(TEAMS)
    expect(g.summary.split('\n').filter((l) => /^\| team-/.test(l))).toHaveLength(3)
    expect(g.outputs['result-file']).toMatch(/runner-gate/)

    for (const t of TEAMS) {
      const v = await runAction({
        inputs: {
          'vercel-token': CANARY_TOKEN,
          team: t,
          scope: 'team',
          name: 'DATABASE_URL',
          mode: 'verify',
          'rotated-at': rotatedAt[t]!,
          'api-url': emulator.url,
        },
        env: { RUNNER_TEMP: join(work, `verify-${t}`) },
      })
      expect(v.code, v.stdout).toBe(0)
      expect(v.outputs['safe-to-revoke']).toBe('true')
    }
  }, 120_000)

  it('one leg not safe to revoke (its rebuild fails): false, the leg and its project named, non-zero exit', async () => {
    emulator.state.failNextBuild('web-b', 'ERROR')
    const legs = await Promise.all(TEAMS.map((t) => leg(t)))
    expect(legs[1]!.code).toBe(1)
    legs.forEach((run, i) => download(run, TEAMS[i]!))
    const g = await gate()
    expect(g.code).toBe(1)
    expect(g.outputs['safe-to-revoke']).toBe('false')
    expect(g.outputs['failed-projects']).toBe('team-b/web-b')
    expect(g.stdout).toMatch(/::error::.*team-b: not safe to revoke: web-b \(failed\)/s)
  }, 120_000)

  it('one leg missing (skipped, cancelled, or crashed before writing): false, naming it', async () => {
    const legs = await Promise.all(TEAMS.map((t) => leg(t)))
    download(legs[0]!, 'team-a')
    download(legs[2]!, 'team-c')
    const g = await gate()
    expect(g.code).toBe(1)
    expect(g.outputs['safe-to-revoke']).toBe('false')
    expect(g.stdout).toMatch(/::error::.*team-b: no result file/s)
  }, 120_000)

  it('a re-run attempt of the failed leg replaces its first attempt', async () => {
    emulator.state.failNextBuild('web-b', 'ERROR')
    const legs = await Promise.all(TEAMS.map((t) => leg(t)))
    legs.forEach((run, i) => download(run, TEAMS[i]!))
    expect((await gate()).outputs['safe-to-revoke']).toBe('false')
    const again = await leg('team-b', { attempt: 2 })
    expect(again.code, again.stdout).toBe(0)
    download(again, 'team-b', 2)
    const g = await gate()
    expect(g.code, g.stdout).toBe(0)
    expect(g.outputs['safe-to-revoke']).toBe('true')
  }, 120_000)

  it('a leg from another workflow run: false, naming it', async () => {
    const legs = await Promise.all([leg('team-a'), leg('team-b', { runId: '1111' }), leg('team-c')])
    legs.forEach((run, i) => download(run, TEAMS[i]!))
    const g = await gate()
    expect(g.code).toBe(1)
    expect(g.stdout).toMatch(/::error::.*team-b: \S+ comes from another workflow run \(run 1111, not 4242\)/s)
  }, 120_000)

  it('results that match nothing, and a missing expect, are input errors; the gate still writes its result file', async () => {
    const none = await runAction({
      inputs: { mode: 'gate', results: join(work, 'nowhere'), expect: 'team-a' },
      env: { RUNNER_TEMP: join(work, 'runner-gate') },
    })
    expect(none.code).toBe(1)
    expect(none.stdout).toMatch(/::error::Invalid input: results: .* matches no file/)
    expect(none.outputs['safe-to-revoke']).toBe('false')
    expect(readFileSync(none.outputs['result-file']!, 'utf8')).toContain('"mode": "gate"')
    const missing = await runAction({ inputs: { mode: 'gate', results: work }, env: { RUNNER_TEMP: join(work, 'runner-gate') } })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toMatch(/::error::Invalid input: expect: is missing/)
  })
})

describe('the result file of every mode', () => {
  const scan = (run: ActionRun) => {
    expectNoCanaries(run, [...CANARIES, BYPASS_CANARY])
    const path = run.outputs['result-file']!
    expect(path.startsWith(join(work, 'leg'))).toBe(true)
    const text = readFileSync(path, 'utf8')
    for (const c of [...CANARIES, BYPASS_CANARY]) expect(text).not.toContain(c)
    return JSON.parse(text) as { mode: string; safeToRevoke: boolean; error: string | null; team: string | null }
  }
  const run = (inputs: Record<string, string>) =>
    runAction({
      inputs: { team: 'team-a', scope: 'team', name: 'DATABASE_URL', 'protection-bypass': BYPASS_CANARY, 'api-url': emulator.url, ...inputs },
      env: { RUNNER_TEMP: join(work, 'leg'), RUNNER_DEBUG: '1' },
    })

  it('is written, without any secret, in plan, rotate, verify, redeploy, on a failed step and on an input error', async () => {
    const token = { 'vercel-token': CANARY_TOKEN }
    const plan = scan(await run({ ...token, mode: 'plan', value: CANARY_VALUE }))
    expect(plan).toMatchObject({ mode: 'plan', safeToRevoke: false })
    const rotate = scan(await run({ ...token, value: CANARY_VALUE, 'previous-value': CANARY_PREVIOUS }))
    expect(rotate).toMatchObject({ mode: 'rotate', safeToRevoke: true, error: null })
    expect(scan(await run({ ...token, mode: 'verify' }))).toMatchObject({ mode: 'verify', safeToRevoke: true })
    expect(scan(await run({ ...token, mode: 'redeploy' }))).toMatchObject({ mode: 'redeploy', safeToRevoke: true })
    emulator.state.failNextBuild('web-a', 'ERROR')
    const failing = await run({ ...token, value: CANARY_VALUE, 'previous-value': CANARY_PREVIOUS })
    expect(failing.code).toBe(1)
    expect(scan(failing)).toMatchObject({ mode: 'rotate', safeToRevoke: false })
    // A token the emulator refuses: the step fails on Vercel's answer, and the file says why.
    const refused = scan(await run({ 'vercel-token': `${CANARY_TOKEN}-wrong`, value: CANARY_VALUE }))
    expect(refused.error).not.toBeNull()
    const invalid = await run({ ...token, value: CANARY_VALUE, 'max-parallel': 'lots' })
    expect(invalid.code).toBe(1)
    expect(scan(invalid)).toMatchObject({ mode: 'rotate', team: 'team-a', error: expect.stringMatching(/max-parallel/) })
  }, 120_000)
})
