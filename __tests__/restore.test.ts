/**
 * previous-value: a failed rotate whose rebuilds all stayed contained writes the previous value back, so that the
 * next git push does not build with the failing value; where a project serves the new value it restores nothing
 * and says who holds which. Through the real SDK port against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { InputError, parseInputs } from '../src/inputs.js'
import { failureOf } from '../src/main.js'
import { renderSummary } from '../src/report/summary.js'
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
