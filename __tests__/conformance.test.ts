/**
 * `npm run conformance` against the emulator: every ledger entry it checks holds; an entry the emulator is armed to
 * contradict is reported as differing; it writes nothing without the opt-in; and its scratch project is deleted
 * after a failed check, a failed setup and an interruption.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { checks } from '../scripts/conformance/checks.js'
import { conformanceSettings, runConformance, WRITES_REFUSED, type ConformanceOptions } from '../scripts/conformance/run.js'

const TOKEN = 'testtoken'
let emulator: Emulator
let teamId: string
let lines: string[]

beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN, buildMs: 300 })
  teamId = emulator.state.addTeam({ slug: 'acme' }).id
  lines = []
})
afterEach(() => emulator.close())

const run = (o: Partial<ConformanceOptions> = {}) =>
  runConformance({ token: TOKEN, apiUrl: emulator.url, team: teamId, allowWrites: true, log: (l) => lines.push(l), pollMs: 10, waitMs: 5_000, ...o })
const verdicts = (results: { entry: string; verdict: string }[]) => Object.fromEntries(results.map((r) => [r.entry, r.verdict]))
const scratchProjects = () => emulator.state.projects(teamId).filter((p) => p.name.startsWith('rvs-conformance-'))

describe('npm run conformance against the emulator', () => {
  it('every checked ledger entry holds, each printed as `entry -> holds`, and the scratch project is deleted', async () => {
    const outcome = await run()
    expect(outcome.exitCode).toBe(0)
    expect(outcome.results.map((r) => [r.entry, r.verdict])).toEqual(checks.map((c) => [c.entry, 'holds']))
    for (const c of checks) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${c.entry} -> holds: `)))
    expect(scratchProjects()).toEqual([])
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments').length).toBeLessThanOrEqual(5)
    expect(emulator.requests.some((r) => r.method === 'DELETE' && r.path === `/v9/projects/${outcome.project}`)).toBe(true)
  })

  it('prints no token and no record value', async () => {
    await run()
    const values = emulator.requests.flatMap((r) => {
      const body = r.body as { value?: unknown } | undefined
      return typeof body?.value === 'string' ? [body.value] : []
    })
    expect(values.length).toBeGreaterThan(0)
    for (const secret of [TOKEN, ...values]) expect(lines.join('\n')).not.toContain(secret)
  })

  it('reports an entry Vercel contradicts as differs, with what it answered, and exits 1', async () => {
    // The listing with 21 projectIds answered as if the bound did not exist.
    emulator.faults.add({
      kind: 'status',
      method: 'GET',
      path: '/v7/deployments',
      status: 200,
      body: { deployments: [], pagination: { count: 0, next: null, prev: null } },
    })
    const outcome = await run()
    expect(verdicts(outcome.results)['deployments-project-ids-max-20']).toBe('differs')
    expect(lines).toContain('deployments-project-ids-max-20 -> differs: a listing with 21 projectIds was answered 2xx')
    expect(outcome.exitCode).toBe(1)
    expect(scratchProjects()).toEqual([])
  })

  it('reports a staged redeploy that takes production as differs', async () => {
    // Vercel would be ignoring autoAssignCustomDomains: false if the emulator dropped it from the create.
    const createDeployment = emulator.state.createDeployment.bind(emulator.state)
    emulator.state.createDeployment = (ref, input) => createDeployment(ref, { ...input, autoAssignCustomDomains: true })
    const outcome = await run()
    expect(verdicts(outcome.results)['staged-redeploy']).toBe('differs')
    expect(lines.find((l) => l.startsWith('staged-redeploy ->'))).toMatch(/readySubstate PROMOTED, production moved to dpl_/)
  })

  it('deletes the scratch project after a check fails, and the other checks still run', async () => {
    emulator.faults.add({ kind: 'status', method: 'POST', path: '/v10/projects/{projectId}/promote/{deploymentId}', status: 500 })
    const outcome = await run()
    expect(verdicts(outcome.results)).toMatchObject({ promote: 'failed', cancel: 'holds', 'skew-protection-fields': 'holds' })
    expect(lines).toContain('promote -> failed: Promote: 500 internal_server_error')
    expect(outcome).toMatchObject({ exitCode: 1, cleanedUp: true })
    expect(scratchProjects()).toEqual([])
    expect(emulator.state.deployments().filter((d) => d.name.startsWith('rvs-conformance-'))).toEqual([])
  })

  it('deletes the scratch project when its first deployment fails, and checks nothing', async () => {
    emulator.faults.add({ kind: 'status', method: 'POST', path: '/v13/deployments', status: 500 })
    const outcome = await run()
    expect(outcome.results.every((r) => r.verdict === 'not checked')).toBe(true)
    expect(lines).toContain('Setup failed: Create deployment: 500 internal_server_error')
    expect(outcome.exitCode).toBe(1)
    expect(scratchProjects()).toEqual([])
  })

  it('deletes the scratch project when interrupted, and exits 130', async () => {
    const interrupt = new AbortController()
    // Interrupted while the promote is in flight (SIGINT aborts this signal in the script).
    emulator.faults.add({ method: 'POST', path: '/v10/projects/{projectId}/promote/{deploymentId}', kind: 'delay', ms: 200 })
    const promoted = emulator.requests.length
    const watch = setInterval(() => {
      if (emulator.requests.slice(promoted).some((r) => r.path.includes('/promote/'))) interrupt.abort()
    }, 2)
    const outcome = await run({ signal: interrupt.signal }).finally(() => clearInterval(watch))
    expect(outcome.exitCode).toBe(130)
    expect(verdicts(outcome.results)).toMatchObject({ 'staged-redeploy': 'holds', promote: 'not checked', cancel: 'not checked' })
    expect(scratchProjects()).toEqual([])
  })

  it('refuses to write without the opt-in, says so, sends nothing and exits 2', async () => {
    const outcome = await run({ allowWrites: false })
    expect(outcome.exitCode).toBe(2)
    expect(lines).toEqual([WRITES_REFUSED])
    expect(emulator.requests).toEqual([])
  })

  it('takes the opt-in from CONFORMANCE_WRITES or --allow-writes, and needs a token and a team', () => {
    const env = { VERCEL_TOKEN: 't', VERCEL_ORG_ID: 'team_1' }
    expect(conformanceSettings(env, [])).toMatchObject({ ok: true, allowWrites: false, team: 'team_1', apiUrl: 'https://api.vercel.com' })
    expect(conformanceSettings({ ...env, CONFORMANCE_WRITES: '1' }, [])).toMatchObject({ ok: true, allowWrites: true })
    expect(conformanceSettings(env, ['--allow-writes', '--team', 'acme'])).toMatchObject({ ok: true, allowWrites: true, team: 'acme' })
    expect(conformanceSettings({ VERCEL_ORG_ID: 'team_1' }, [])).toMatchObject({ ok: false, message: expect.stringContaining('VERCEL_TOKEN') })
    expect(conformanceSettings({ VERCEL_TOKEN: 't' }, [])).toMatchObject({ ok: false, message: expect.stringContaining('--team') })
  })

  it('the emulator refuses what the scratch project could send wrong: a malformed inlined file, a long comment on edit, canceling a READY deployment', async () => {
    const project = emulator.state.addProject({ name: 'web', teamId })
    const ready = emulator.state.addDeployment(project, { target: 'production' })
    const record = emulator.state.addProjectEnv(project, { key: 'K', value: 'v', type: 'sensitive', target: ['production'] })
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}${path}?teamId=${teamId}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((r) => r.status)
    expect(await send('POST', '/v13/deployments', { name: 'web', project: project.id, files: [{ file: 'index.html' }] })).toBe(400)
    expect(await send('PATCH', `/v9/projects/${project.id}/env/${record.id}`, { comment: 'c'.repeat(501) })).toBe(400)
    expect(await send('PATCH', `/v9/projects/${project.id}/env/${record.id}`, { comment: 'c'.repeat(500) })).toBe(200)
    expect(await send('PATCH', `/v12/deployments/${ready.uid}/cancel`)).toBe(400)
    expect(await send('POST', '/v11/projects', { name: 'web' })).toBe(409)
    expect(await send('DELETE', '/v9/projects/web')).toBe(204)
    expect(await send('DELETE', '/v9/projects/web')).toBe(404)
  })

  it('names only entries the ledger has, each once', () => {
    const ledger = readFileSync(resolve(import.meta.dirname, '../docs/vercel-api.md'), 'utf8')
    const ids = [...ledger.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of checks) expect(ids).toContain(c.entry)
  })
})
