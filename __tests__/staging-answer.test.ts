/**
 * promote: when-healthy is only as safe as Vercel's answer to the staged create: no public source says whether a
 * redeploy honours `autoAssignCustomDomains: false`. Containment is claimed only where Vercel's answer shows the
 * rebuild staged; a rebuild Vercel did not stage is said at once, never called contained, and goes alone as a
 * canary of one, so a wrong value reaches at most that one project before the verdict. Against the emulator, with
 * staging honoured and with it ignored (`redeployIgnoresStaging`).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import { renderSummary } from '../src/report/summary.js'
import { startRedeploys, type RedeployJob } from '../src/rotation/wait/create.js'
import { advance } from '../src/rotation/wait/rollout.js'
import type { ProjectPlan } from '../src/rotation/types.js'
import type { Deployment, VercelPort } from '../src/vercel/port.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { redeploys, rotate, statusOf, TOKEN } from './helpers/rotate.js'

let emulator: Emulator
let open: Emulator | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

const NEW = 'postgres://new-credential-5b2e'
const NAMES = ['web', 'api', 'docs']

/** Team acme with web, api and docs serving production; `ignores`: the projects whose redeploys Vercel does not stage. */
async function threeProjects(o: { ignores?: string[]; latencyMs?: number } = {}): Promise<Emulator> {
  emulator = open = await startEmulator({ buildMs: 80, ...(o.latencyMs ? { latencyMs: o.latencyMs } : {}) })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of NAMES) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - 86_400_000 })
    s.addProjectEnv(name, { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    if (o.ignores?.includes(name)) s.configure(name, { redeployIgnoresStaging: true })
  }
  return emulator
}

const base = () => ({
  team: 'acme',
  projects: NAMES.join(', '),
  name: 'DATABASE_URL',
  value: NEW,
  'health-check': emulator.healthCheck(),
  'max-parallel': '10',
})
const summaryOf = (raw: Record<string, string>, result: Awaited<ReturnType<typeof rotate>>['result']) =>
  renderSummary({ result, settings: parseInputs({ 'vercel-token': 't', 'api-url': emulator.url, ...raw }).settings })
/** The projects whose production served a deployment built with the refused value, and for how long. */
const served = () => Object.fromEntries(NAMES.map((n) => [n, emulator.state.wrongValueServedMs(n)]))

describe("the port reads Vercel's answer to a staged create", () => {
  it('carries autoAssignCustomDomains from the create answer: false when staged, true when Vercel ignored it', async () => {
    await threeProjects({ ignores: ['api'] })
    const port = new SdkVercel({ token: TOKEN, apiUrl: emulator.url, team: 'acme', deadline: Date.now() + 30_000 })
    const staged = async (name: string) => port.redeploy((await port.getProject(name)).servingProduction!, { rotationRun: '1' }, { staged: true })
    expect((await staged('web')).autoAssignCustomDomains).toBe(false)
    const api = await staged('api')
    expect(api.autoAssignCustomDomains).toBe(true)
  })
})

describe('staging honoured', () => {
  it('sends the first staged create alone, the rest once its answer shows it staged; a wrong value is contained', async () => {
    await threeProjects({ latencyMs: 40 })
    emulator.state.rejectValue(NEW)
    const raw = { ...base(), 'health-timeout-minutes': '0.02' }
    const { result, logs } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy', docs: 'unhealthy' })
    const creates = redeploys(emulator)
    expect(creates).toHaveLength(3)
    // The others were sent only after the first create was answered (the emulator answers 40 ms after it arrives).
    for (const c of creates.slice(1)) expect(c.at - creates[0]!.at).toBeGreaterThanOrEqual(40)
    expect(served()).toEqual({ web: 0, api: 0, docs: 0 })
    for (const p of result.projects) {
      expect(p.exposure?.kind).toBe('contained')
      expect(p.notStaged).toBeUndefined()
    }
    expect(logs.join('\n')).not.toMatch(/did not stage/)
    const md = summaryOf(raw, result)
    expect(md).toMatch(/Contained:/)
    expect(md).not.toMatch(/Not staged/)
  })
})

describe('staging ignored by Vercel', () => {
  it('a wrong value: said at once, never contained, reaches one project only; the others are held back with the reason', async () => {
    await threeProjects({ ignores: NAMES })
    emulator.state.rejectValue(NEW)
    const raw = { ...base(), 'health-timeout-minutes': '0.02' }
    const { result, logs } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'skipped', docs: 'skipped' })
    // One create only: the first went alone, and its answer said it was not staged.
    expect(redeploys(emulator)).toHaveLength(1)
    const exposed = served()
    expect(exposed.web).toBeGreaterThan(0)
    expect({ api: exposed.api, docs: exposed.docs }).toEqual({ api: 0, docs: 0 })
    // Said at once: the warning comes at the create's answer, before the rebuild is even READY.
    const warned = logs.findIndex((l) => /^warning: web: Vercel did not stage the rebuild .* answered autoAssignCustomDomains: true/.test(l))
    expect(warned).toBeGreaterThanOrEqual(0)
    expect(warned).toBeLessThan(logs.findIndex((l) => /web: production .* is READY/.test(l)))
    const web = result.projects[0]!
    expect(web.exposure?.kind).toBe('reached')
    expect(web.notStaged).toBe(true)
    expect(web.note).toMatch(/^Vercel did not stage this rebuild/)
    expect(web.note).not.toMatch(/Contained/)
    for (const p of result.projects.slice(1)) {
      expect(p.note).toMatch(/^Not redeployed: the canary web did not pass \(unhealthy: .*Vercel did not stage its rebuild, so it went first alone/)
    }
    const md = summaryOf(raw, result)
    expect(md).toMatch(/Not staged:\*\* Vercel did not stage the rebuild of \*\*web\*\*/)
    expect(md).not.toMatch(/Contained|, contained/)
    expect(md).toMatch(/\| web \| .*unhealthy, not staged \|/)
    expect(md).toMatch(/reached production/)
  })

  it('a first create that fails without an answer tells nothing: the next one goes alone in its place', async () => {
    await threeProjects({ ignores: NAMES })
    emulator.state.rejectValue(NEW)
    // web's create is refused outright (a 400 is never retried): no answer about staging.
    emulator.faults.add({
      method: 'POST',
      path: '/v13/deployments',
      kind: 'status',
      status: 400,
      body: { error: { code: 'bad_request', message: 'refused' } },
    })
    const { result } = await rotate(emulator, { ...base(), 'health-timeout-minutes': '0.02' })
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'unhealthy', docs: 'skipped' })
    // api went alone, answered not staged, and held docs back: one project met the wrong value, not two.
    expect(redeploys(emulator)).toHaveLength(1)
    expect(served().docs).toBe(0)
  })

  it('a good value: the rest are rebuilt only once the first one passed, and every row says Vercel did not stage it', async () => {
    await threeProjects({ ignores: NAMES })
    const { result, logs } = await rotate(emulator, base())
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed', docs: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    const creates = redeploys(emulator)
    // web took production when READY (Vercel's doing); the others were sent only after its proof, later still.
    const webServed = emulator.state.project('web').productionHistory.at(-1)!.at
    for (const c of creates.slice(1)) expect(c.at).toBeGreaterThan(webServed)
    expect(result.projects.every((p) => p.notStaged)).toBe(true)
    expect(logs.filter((l) => /^warning: .*Vercel did not stage the rebuild/.test(l))).toHaveLength(3)
  })

  it('mixed: a later answer that says not staged holds back every create not yet sent', async () => {
    await threeProjects({ ignores: ['api'] })
    emulator.state.rejectValue(NEW)
    const raw = { ...base(), 'max-parallel': '1', 'health-timeout-minutes': '0.02' }
    const { result, logs } = await rotate(emulator, raw)
    // web went first, staged as asked; api's answer said not staged, so docs waited for api's verdict.
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'unhealthy', docs: 'skipped' })
    expect(result.projects.map((p) => p.exposure?.kind)).toEqual(['contained', 'reached', undefined])
    expect(result.projects[2]!.note).toMatch(/^Not redeployed: the canary api did not pass/)
    expect(served()).toMatchObject({ web: 0, docs: 0 })
    expect(logs.some((l) => /^warning: api: Vercel did not stage the rebuild/.test(l))).toBe(true)
  })

  it('the run ends at its deadline while the first is still being proven: the held creates end too, never sent', async () => {
    await threeProjects({ ignores: NAMES })
    emulator.state.rejectValue(NEW)
    const { result } = await rotate(emulator, base(), { timeoutMs: 1_500 })
    expect(statusOf(result)).toEqual({ web: 'unhealthy', api: 'skipped', docs: 'skipped' })
    expect(redeploys(emulator)).toHaveLength(1)
    expect(result.projects[1]!.note).toMatch(/^Not redeployed: the run ended while web, whose rebuild Vercel did not stage, was being proven/)
  })
})

describe('creates in flight when a not-staged answer arrives', () => {
  it('cannot be recalled: the warning names them; creates not yet sent wait for the verdict, and are held back when it fails', async () => {
    const project = (name: string) => ({ id: `prj_${name}`, name }) as unknown as ProjectPlan
    const source = (name: string) =>
      ({ id: `dpl_old_${name}`, projectId: `prj_${name}`, name, target: 'production', meta: {} }) as unknown as Deployment
    const names = ['web', 'api', 'docs', 'blog']
    const jobs: RedeployJob[] = names.map((n) => ({ project: project(n), kind: 'production', source: source(n) }))
    const answers = new Map<string, (d: Deployment) => void>()
    const sent: string[] = []
    const port = {
      redeploy: (s: Deployment) => {
        sent.push(s.name)
        return new Promise<Deployment>((resolve) => answers.set(s.name, resolve))
      },
    } as unknown as VercelPort
    const logs: string[] = []
    const log = { info: () => {}, warning: (m: string) => logs.push(m), debug: () => {} }
    const { rollouts, created } = startRedeploys(jobs, port, { maxParallel: 2, meta: () => ({}), staged: () => true, log })
    const answer = async (name: string, autoAssignCustomDomains: boolean) => {
      answers.get(name)!({ ...source(name), id: `dpl_new_${name}`, url: `${name}.example`, state: 'QUEUED', autoAssignCustomDomains })
      await new Promise((r) => setTimeout(r, 0))
    }
    const tick = () => new Promise((r) => setTimeout(r, 0))
    await tick()
    // The first goes alone.
    expect(sent).toEqual(['web'])
    await answer('web', false)
    expect(sent).toEqual(['web', 'api', 'docs'])
    await answer('api', true)
    // docs was already sent: it cannot be recalled, and the warning says so. blog is not sent.
    expect(logs.some((l) => /^api: Vercel did not stage the rebuild .* 1 create\(s\) already sent \(docs\) cannot be recalled\./.test(l))).toBe(true)
    await answer('docs', false)
    expect(sent).toEqual(['web', 'api', 'docs'])
    // api fails its proof: blog is held back, never sent.
    const api = rollouts[1]!
    advance(api, 'proving')
    advance(api, 'unhealthy', { reason: 'Its health check failed.' })
    await created
    expect(sent).toEqual(['web', 'api', 'docs'])
    expect(rollouts[3]!.outcome).toBe('not-created')
    expect(rollouts[3]!.reason).toMatch(/^Not redeployed: the canary api did not pass \(unhealthy: Its health check failed\.\)/)
  })
})
