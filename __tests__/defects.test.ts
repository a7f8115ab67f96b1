/** Defects found while trying the action as a user would; each test failed before its fix. */
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/index.js'
import { PlanError } from '../src/rotation/plan.js'
import { envWrites, redeploys, rotate, statusOf, twoProjects } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

async function setup(o: { buildMs?: number } = {}) {
  emulator = await twoProjects(o)
  return emulator.state
}
const base = { team: 'acme', name: 'DATABASE_URL', value: 'new-value-456' }

describe('defects', () => {
  it('the same project named by name and by ID is written and redeployed once', async () => {
    await setup()
    const { result } = await rotate(emulator, { ...base, projects: 'web, prj_web' })
    expect(result.projects.map((p) => p.id)).toEqual(['prj_web'])
    expect(envWrites(emulator)).toHaveLength(1)
    expect(redeploys(emulator)).toHaveLength(1)
    expect(result.safeToRevoke).toBe(true)
  })

  it('a re-run while the earlier attempt’s redeploy is still building adopts it and never queues another', async () => {
    const s = await setup({ buildMs: 1_500 })
    const first = await rotate(emulator, { ...base, projects: 'web, api', wait: 'false' }, { run: { runId: '4242', runAttempt: 1 } })
    expect(redeploys(emulator)).toHaveLength(2)
    expect(s.deployments('web')[0]!.readyState).not.toBe('READY')
    const second = await rotate(emulator, { ...base, projects: 'web, api' }, { run: { runId: '4242', runAttempt: 2 } })
    expect(redeploys(emulator)).toHaveLength(2)
    expect(envWrites(emulator)).toHaveLength(2)
    expect(statusOf(second.result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(second.result.safeToRevoke).toBe(true)
    expect(second.logs.some((l) => /earlier attempt's redeploy .* waiting for it instead of redeploying again/.test(l))).toBe(true)
    expect(first.result.rotatedAt).toBe(second.result.rotatedAt)
  })

  it('every refusal of every kind is reported at once: a record covering another target does not hide a shadowing record', async () => {
    const s = await setup()
    s.addSharedEnv('team_acme', { key: 'SHARED_URL', value: 'old', type: 'sensitive', target: ['production', 'preview'], projectIds: ['web', 'api'] })
    s.addProjectEnv('api', { key: 'SHARED_URL', value: 'own', type: 'sensitive', target: ['production'] })
    const err: unknown = await rotate(emulator, {
      team: 'team_acme',
      scope: 'team',
      name: 'SHARED_URL',
      value: 'v-new',
      targets: 'production',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanError)
    expect((err as PlanError).message).toMatch(/also covers preview/)
    expect((err as PlanError).message).toMatch(/Project api has its own record/)
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('a partial write (403 on one project) still reports rotated-at, and the 403 names the project access, not the token', async () => {
    await setup()
    emulator.faults.add({
      kind: 'status',
      status: 403,
      method: 'PATCH',
      path: /^\/v9\/projects\/prj_api\/env\//,
      body: { error: { code: 'forbidden', message: 'Not authorized' } },
    })
    const { result } = await rotate(emulator, { ...base, projects: 'web, api' })
    expect(result.written).toBe(true)
    expect(result.rotatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(result.error).toMatch(/HTTP 403/)
    expect(result.error).toMatch(/may not do this for project prj_api/)
    expect(result.error).not.toMatch(/vercel-token is valid/)
    expect(statusOf(result)).toEqual({ web: 'skipped', api: 'failed' })
    expect(redeploys(emulator)).toHaveLength(0)
  })
})

describe('the debug settings line', () => {
  it('carries no secret in any form: a bypass secret with " and \\ is absent once the masks are taken away', async () => {
    const { runAction, everythingWritten } = await import('../scripts/run-action.js')
    emulator = await twoProjects()
    // JSON escaping turns `"` into `\"` and `\` into `\\`: a runner mask of the raw secret would miss that form.
    const bypass = 'bypass"with\\quote-3e9f'
    const run = await runAction({
      inputs: {
        'vercel-token': 'testtoken',
        'api-url': emulator.url,
        team: 'acme',
        projects: 'web',
        name: 'DATABASE_URL',
        value: 'new-value-456',
        'protection-bypass': bypass,
      },
      env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
    })
    expect(run.code, run.stdout).toBe(0)
    const settings = run.stdout.split('\n').find((l) => l.startsWith('::debug::settings: '))
    expect(settings, 'the settings line is printed').toBeDefined()
    expect(settings).toContain('"mode":"rotate"')
    const shown = everythingWritten(run)
    for (const form of [bypass, JSON.stringify(bypass).slice(1, -1), 'with\\quote', 'bypass"with', 'testtoken', 'new-value-456'])
      expect(shown).not.toContain(form)
  })
})
