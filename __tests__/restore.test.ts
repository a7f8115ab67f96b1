/**
 * previous-value: a failed rotate whose rebuilds all stayed contained writes the previous value back, so that the
 * next git push does not build with the failing value; where a project serves the new value it restores nothing
 * and says who holds which. Through the real SDK port against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { InputError, parseInputs, secretsToMask } from '../src/inputs.js'
import { failureOf } from '../src/main.js'
import { renderSummary } from '../src/report/summary.js'
import { mayServeNew } from '../src/rotation/restore.js'
import type { ProjectPlan } from '../src/rotation/types.js'
import type { Rollout } from '../src/rotation/wait/rollout.js'
import type { Deployment } from '../src/vercel/port.js'
import { envWrites, redeploys, rotate, statusOf, twoProjects } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => {
  await emulator?.close()
  emulator = undefined as unknown as Emulator
})

const NEW = 'postgres://failing-credential-9c2e'
const OLD = 'postgres://previous-credential-1b7d'
const setup = async () => {
  emulator = await twoProjects()
  // The previous value is what the records held before the rotation.
  for (const name of ['web', 'api']) for (const r of emulator.state.projectEnvs(name)) emulator.state.editProjectEnv(name, r.id, { value: OLD })
  emulator.state.rejectValue(NEW)
  return emulator.state
}
const base = () => ({
  team: 'acme',
  projects: 'web, api',
  name: 'DATABASE_URL',
  value: NEW,
  'health-check': emulator.healthCheck(),
  'health-timeout-minutes': '0.02',
})
const config = (raw: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  parseInputs({ 'vercel-token': 't', 'api-url': emulator.url, ...raw }, env).settings
const values = (name: string) => emulator.state.projectEnvs(name).map((r) => r.value)
const summaryOf = (raw: Record<string, string>, result: Awaited<ReturnType<typeof rotate>>['result'], env: NodeJS.ProcessEnv = {}) =>
  renderSummary({ name: raw.name, settings: config(raw, env), result })

describe('previous-value after a failed rotate', () => {
  it('writes the previous value back to every record when every rebuild was contained', async () => {
    const s = await setup()
    const raw = { ...base(), 'previous-value': OLD }
    const { result, logs } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy' })
    expect(result.projects.every((p) => p.exposure?.kind === 'contained')).toBe(true)
    expect(result.safeToRevoke).toBe(false)
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [OLD], api: [OLD] })
    expect(s.wrongValueServedMs('web') + s.wrongValueServedMs('api')).toBe(0)
    expect(result.restore).toMatchObject({ kind: 'restored', servingNew: [], servingOld: ['web', 'api'] })
    expect(logs.join('\n')).toMatch(/Restored the previous value of DATABASE_URL in 2 record\(s\)/)
    const summary = summaryOf(raw, result)
    expect(summary).toMatch(
      /\*\*Restored:\*\* DATABASE_URL holds the previous value again \(2 record\(s\)\); no later deployment builds with the failing one/,
    )
    expect(failureOf(config(raw), result, undefined)).toMatch(/Restored: DATABASE_URL holds the previous value again/)
    for (const text of [summary, logs.join('\n'), JSON.stringify(result)]) {
      expect(text).not.toContain(OLD)
      expect(text).not.toContain(NEW)
    }
  })

  it('without previous-value, says loudly in the summary and the error that the next deployment ships the failing value', async () => {
    await setup()
    const raw = base()
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy' })
    // Nothing was written back: the records hold the new value.
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [NEW], api: [NEW] })
    expect(result.restore?.kind).toBe('unavailable')
    const loud =
      /DATABASE_URL still holds the new, failing value in Vercel: the next deployment of each project \(a git push\) will build with it and ship it/
    expect(summaryOf(raw, result)).toMatch(new RegExp(`\\*\\*⚠️ ${loud.source.replace(' the next', '\\*\\* the next')}`))
    const error = failureOf(config(raw), result, undefined)!
    expect(error).toMatch(loud)
    expect(error).toMatch(/pass previous-value/)
  })

  it('restores nothing where a project serves the new value, and says who holds which', async () => {
    await setup()
    // promote: auto lets Vercel promote each rebuild when READY: the failing value reaches production.
    const raw = { ...base(), projects: 'web', promote: 'auto', 'previous-value': OLD }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(result.projects[0]!.exposure?.kind).toBe('reached')
    expect(values('web')).toEqual([NEW])
    expect(result.restore).toMatchObject({ kind: 'kept', servingNew: ['web'], servingOld: [] })
    expect(summaryOf(raw, result)).toMatch(/\*\*Not restored:\*\* web serves a deployment built with the new value/)
    expect(failureOf(config(raw), result, undefined)).toMatch(/Not restored: web serves a deployment built with the new value/)
  })

  it('a failed canary leaves exactly the restorable state: the previous value goes back before anything else builds', async () => {
    await setup()
    const raw = { ...base(), canary: '1', 'previous-value': OLD }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'skipped' })
    expect(redeploys(emulator)).toHaveLength(1)
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [OLD], api: [OLD] })
    expect(result.restore?.kind).toBe('restored')
  })

  it('restores nothing when the canary passed and serves the new value before the rest failed', async () => {
    emulator = await twoProjects()
    const s = emulator.state
    // web (the canary) builds and serves the new value; api's build fails.
    s.failNextBuild('api', 'ERROR', 'Build failed')
    const raw = { ...base(), canary: '1', 'previous-value': OLD }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'failed' })
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [NEW], api: [NEW] })
    expect(result.restore).toMatchObject({ kind: 'kept', servingNew: ['web'], servingOld: ['api'] })
    expect(summaryOf(raw, result)).toMatch(
      /\*\*Not restored:\*\* web serves a deployment built with the new value; api still serves one built with the old value\..* the next deployment of api \(a git push\) builds with it/,
    )
  })

  it('restores where every rebuild failed to build, with promote: auto (nothing ever served the new value)', async () => {
    emulator = await twoProjects()
    const s = emulator.state
    for (const name of ['web', 'api']) s.failNextBuild(name, 'ERROR', 'Build failed')
    const { result } = await rotate(emulator, { ...base(), promote: 'auto', 'previous-value': OLD })
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'failed' })
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [OLD], api: [OLD] })
    expect(result.restore?.kind).toBe('restored')
  })

  it('writes shared variables back in one update, by ID', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - 86_400_000 })
    }
    s.addSharedEnv('team_acme', { key: 'DATABASE_URL', value: OLD, type: 'sensitive', target: ['production'], projectIds: ['prj_web', 'prj_api'] })
    s.rejectValue(NEW)
    const { projects: _, ...raw } = { ...base(), scope: 'team', 'previous-value': OLD }
    const { result } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy' })
    expect(s.sharedEnvs('team_acme').map((v) => v.value)).toEqual([OLD])
    // The write, then the write back: one update each.
    expect(envWrites(emulator).map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /v1/env', 'PATCH /v1/env'])
    expect(result.restore?.kind).toBe('restored')
  })

  it('reports a write back that fails, never hides it: which projects still hold the failing value', async () => {
    await setup()
    // The write goes through; the write back of api's record is refused.
    emulator.faults.add({ method: 'PATCH', path: /\/projects\/prj_api\/env\//, kind: 'status', status: 403, after: 1 })
    const raw = { ...base(), 'previous-value': OLD }
    const { result, logs } = await rotate(emulator, raw)
    expect({ web: values('web'), api: values('api') }).toEqual({ web: [OLD], api: [NEW] })
    expect(result.restore?.kind).toBe('failed')
    const said =
      /The previous value could not be written back everywhere \(1 of 2 record\(s\) restored\): .*HTTP 403.* The records of api still hold the new, failing value, and their next deployment \(a git push\) will ship it/
    expect(result.restore?.line).toMatch(said)
    expect(logs.join('\n')).toMatch(/Wrote the previous value of DATABASE_URL back to 1 of 2 record\(s\)/)
    expect(summaryOf(raw, result)).toMatch(/\*\*⚠️ The previous value could not be written back everywhere/)
    expect(failureOf(config(raw), result, undefined)).toMatch(said)
  })

  it('does not restore with wait: false: nothing was judged', async () => {
    await setup()
    const { result } = await rotate(emulator, { ...base(), 'health-check': '', wait: 'false', 'previous-value': OLD })
    expect(result.restore).toBeUndefined()
    expect(values('web')).toEqual([NEW])
  })

  it('with several keys, writes each key its own <KEY>_PREVIOUS back', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    s.addProject({ id: 'prj_web', name: 'web', teamId: 'team_acme' })
    s.addDeployment('web', { target: 'production', createdAt: Date.now() - 86_400_000 })
    s.addProjectEnv('web', { key: 'A', value: 'previous-a-value', type: 'sensitive', target: ['production'] })
    s.addProjectEnv('web', { key: 'B', value: 'previous-b-value', type: 'sensitive', target: ['production'] })
    s.rejectValue('failing-b-value')
    const env = { A: 'new-a-value', B: 'failing-b-value', A_PREVIOUS: 'previous-a-value', B_PREVIOUS: 'previous-b-value' }
    const raw = { team: 'acme', projects: 'web', name: 'A, B', 'health-check': emulator.healthCheck(), 'health-timeout-minutes': '0.02' }
    const { result } = await rotate(emulator, raw, { env })
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(Object.fromEntries(s.projectEnvs('web').map((r) => [r.key, r.value]))).toEqual({ A: 'previous-a-value', B: 'previous-b-value' })
    expect(result.restore?.kind).toBe('restored')
    // Two writes of the value, two writes back.
    expect(envWrites(emulator)).toHaveLength(4)
  })
})

describe('previous-value as an input', () => {
  const raw = { 'vercel-token': 't', team: 'acme', projects: 'web', name: 'DATABASE_URL', value: NEW }
  const problems = (r: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
    try {
      parseInputs(r, env)
      return []
    } catch (err) {
      return (err as InputError).problems
    }
  }

  it('is masked before validation, and with several keys so is each <KEY>_PREVIOUS', () => {
    const multi = `${OLD}\nsecond-line-of-it`
    expect(secretsToMask({ ...raw, 'previous-value': multi })).toEqual(expect.arrayContaining([multi, OLD, 'second-line-of-it']))
    const env = { A: 'new-a-value', B: 'new-b-value', A_PREVIOUS: 'previous-a-value', B_PREVIOUS: 'previous-b-value' }
    expect(secretsToMask({ ...raw, value: '', name: 'A, B' }, env)).toEqual(expect.arrayContaining(Object.values(env)))
  })

  it('travels as a secret, never as a setting', () => {
    const { settings, secrets } = parseInputs({ ...raw, 'previous-value': OLD })
    expect(secrets.previousValue).toBe(OLD)
    expect(JSON.stringify(settings)).not.toContain(OLD)
  })

  it('is checked for white space like value, and never quoted', () => {
    const found = problems({ ...raw, 'previous-value': `${OLD}\n` })
    expect(found).toEqual([expect.stringMatching(/^previous-value: contains a line break/)])
    expect(found.join('')).not.toContain(OLD)
    expect(problems({ ...raw, 'previous-value': `${OLD}\n`, 'allow-whitespace': 'true' })).toEqual([])
  })

  it('is allowed with generate and in plan, refused in verify and redeploy, and refused equal to value', () => {
    expect(problems({ ...raw, value: '', generate: 'base64url:32', 'previous-value': OLD })).toEqual([])
    expect(problems({ ...raw, mode: 'plan', 'previous-value': OLD })).toEqual([])
    expect(problems({ ...raw, value: '', mode: 'verify', 'previous-value': OLD })).toEqual([
      expect.stringMatching(/^previous-value: is not used by mode verify/),
    ])
    expect(problems({ ...raw, 'previous-value': NEW })).toEqual([expect.stringMatching(/^previous-value: is the same as value/)])
  })

  it('with several keys: all <KEY>_PREVIOUS or none, naming the missing ones; the input itself is refused', () => {
    const several = { ...raw, value: '', name: 'A, B, C' }
    const env = { A: 'new-a-value', B: 'new-b-value', C: 'new-c-value' }
    expect(problems(several, env)).toEqual([])
    const found = problems(several, { ...env, A_PREVIOUS: 'previous-a-value' })
    expect(found).toEqual([expect.stringMatching(/^previous-value: .*B_PREVIOUS, C_PREVIOUS are not set in the step's env while A_PREVIOUS is/)])
    expect(found.join('')).not.toContain('previous-a-value')
    expect(problems({ ...several, 'previous-value': OLD }, env)).toEqual([expect.stringMatching(/^previous-value: must be empty with several keys/)])
  })
})

describe('mayServeNew: conservative about what may serve the new value', () => {
  const dep = (id: string, state: Deployment['state'] = 'READY') => ({ id, state }) as Deployment
  const rollout = (over: Partial<Rollout>): Rollout => ({
    project: {} as ProjectPlan,
    kind: 'production',
    source: dep('dpl_old'),
    outcome: 'failed',
    stage: 'building',
    probes: 0,
    nextProbeAt: 0,
    ...over,
  })

  it('counts a staged production rebuild Vercel showed staged as never serving, whatever its state', () => {
    for (const state of ['BUILDING', 'READY'] as const) {
      expect(mayServeNew(rollout({ deployment: dep('dpl_new', state), staged: true, vercelStaged: true }))).toBe(false)
    }
    // Created staged, but Vercel never said so: it may take the domains by itself.
    expect(mayServeNew(rollout({ deployment: dep('dpl_new', 'BUILDING'), staged: true }))).toBe(true)
  })

  it('counts a rebuild still building without staging (promote: auto, a custom environment, a preview) as serving soon', () => {
    expect(mayServeNew(rollout({ deployment: dep('dpl_new', 'BUILDING') }))).toBe(true)
    expect(mayServeNew(rollout({ kind: 'custom', deployment: dep('dpl_new'), outcome: 'unhealthy' }))).toBe(true)
    expect(mayServeNew(rollout({ kind: 'preview', deployment: dep('dpl_new'), outcome: 'failed' }))).toBe(true)
  })

  it('counts a build that failed, a rebuild never created and a rolled-back production as not serving', () => {
    expect(mayServeNew(rollout({ deployment: dep('dpl_new', 'ERROR') }))).toBe(false)
    expect(mayServeNew(rollout({ deployment: dep('dpl_new', 'CANCELED') }))).toBe(false)
    expect(mayServeNew(rollout({ outcome: 'not-created' }))).toBe(false)
    expect(mayServeNew(rollout({}))).toBe(false)
    expect(mayServeNew(rollout({ deployment: dep('dpl_new'), outcome: 'unhealthy', exposed: true, rolledBackTo: 'dpl_old' }))).toBe(false)
  })

  it('counts what served, what reached production, and a failed proof of what already serves as serving', () => {
    expect(mayServeNew(rollout({ deployment: dep('dpl_new'), outcome: 'serving' }))).toBe(true)
    expect(mayServeNew(rollout({ deployment: dep('dpl_new'), outcome: 'unhealthy', exposed: true }))).toBe(true)
    const serving = dep('dpl_current')
    expect(mayServeNew(rollout({ source: serving, deployment: serving, outcome: 'failed' }))).toBe(true)
  })
})
