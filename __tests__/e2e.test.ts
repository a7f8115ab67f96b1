/**
 * The bundled action, run as the runner runs it, against the emulator over real HTTP, under this machine's
 * Node and under Node 24 (what `runs.using: node24` means on GitHub).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { CANARIES, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'
import { node24 } from './helpers/node24.js'
import { expectMaskedFirst, expectNoCanaries, runAction } from '../scripts/run-action.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

async function oneProject(): Promise<{ recordId: string; servingId: string }> {
  emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 150 })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  s.addProject({ id: 'prj_web', name: 'web', teamId: 'team_acme' })
  const record = s.addProjectEnv('prj_web', { key: 'DATABASE_URL', value: 'old-value', type: 'sensitive', target: ['production', 'preview'] })
  const serving = s.addDeployment('prj_web', { target: 'production', createdAt: Date.now() - 86_400_000 })
  return { recordId: record.id, servingId: serving.uid }
}

const inputs = () => ({
  'vercel-token': CANARY_TOKEN,
  team: 'team_acme',
  projects: 'web',
  name: 'DATABASE_URL',
  value: CANARY_VALUE,
  'api-url': emulator.url,
})

let NODE24: string
beforeAll(() => {
  NODE24 = node24()
}, 180_000)

describe.each([
  ['this machine’s Node', () => process.execPath],
  ['Node 24', () => NODE24],
])('the bundle under %s', (_, node) => {
  it('rotates a sensitive production+preview record with exactly the requests it needs', async () => {
    const { recordId, servingId } = await oneProject()
    const run = await runAction({ inputs: inputs(), node: node() })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')

    const sent = emulator.requests.map((r) => `${r.method} ${r.path}${r.query.target === 'preview' ? ' (previews)' : ''}`)
    const statusReads = sent.filter((r) => r === 'GET /v7/deployments')
    // The record covers preview: its previews are counted (in the 30-day window, then before it), not rebuilt.
    expect(sent.slice(0, 7)).toEqual([
      'GET /v9/projects/web',
      'GET /v10/projects/web/env',
      'GET /v7/deployments (previews)',
      'GET /v7/deployments (previews)',
      `PATCH /v9/projects/prj_web/env/${recordId}`,
      'POST /v13/deployments',
      'GET /v7/deployments',
    ])
    // Then status reads until it serves, and one read of what serves production before the verdict.
    expect(sent).toHaveLength(7 + statusReads.length)
    expect(sent.slice(6, -1).every((r) => r === 'GET /v7/deployments')).toBe(true)
    expect(sent.at(-1)).toBe('GET /v9/projects/prj_web')

    const patch = emulator.requests.find((r) => r.method === 'PATCH')!
    // The value and, in the same request, the rotation stamp as the record's whole comment (it had none).
    expect(patch.body).toEqual({
      value: CANARY_VALUE,
      comment: expect.stringMatching(/^\[rotate-vercel-secret: rotated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by acme\/platform run 4242\]$/),
    })
    const redeploy = emulator.requests.find((r) => r.method === 'POST')!
    expect(redeploy.query.forceNew).toBe('1')
    expect(redeploy.body).toMatchObject({ deploymentId: servingId, name: 'web', target: 'production' })
    expect((redeploy.body as { meta: Record<string, string> }).meta).toMatchObject({
      rotationVariable: 'DATABASE_URL',
      githubRepository: 'acme/platform',
      githubRunId: '4242',
      githubActor: 'octocat',
    })

    const projects: unknown = JSON.parse(run.outputs.projects!)
    const served = emulator.state.servingDeployment('prj_web')!
    expect(projects).toEqual([
      {
        name: 'web',
        id: 'prj_web',
        records: [{ id: recordId, key: 'DATABASE_URL', targets: ['production', 'preview'], type: 'sensitive' }],
        deployment: { id: served.uid, url: served.url, state: 'READY' },
        status: 'redeployed',
      },
    ])
    expect(served.uid).not.toBe(servingId)
    expect(new Date(run.outputs['rotated-at']!).getTime()).toBeLessThan(served.createdAt)
    expect(run.outputs['failed-projects']).toBe('')
    expect(run.summary).toContain('safe-to-revoke: `true`')
    // The team is given as an ID, and the link still opens the build logs: the inspectorUrl Vercel reported.
    expect(run.summary).toContain(`](https://vercel.com/acme/web/${served.uid.slice('dpl_'.length)} "${served.uid}")`)
    expect(run.summary).not.toContain('Deployment links open the deployment itself')
    expectMaskedFirst(run, [CANARY_TOKEN, CANARY_VALUE])
    expectNoCanaries(run, CANARIES)
  })
})

describe('the bundle', () => {
  it('fails on a bad input before sending anything, with outputs and summary written', async () => {
    await oneProject()
    const run = await runAction({ inputs: { ...inputs(), 'max-parallel': 'lots', value: `${CANARY_VALUE} ` } })
    expect(run.code).toBe(1)
    expect(emulator.requests).toHaveLength(0)
    expect(run.stdout).toMatch(/::error::Invalid inputs:.*max-parallel/)
    expect(run.stdout).toContain('value: starts or ends with white space')
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.summary).toContain('safe-to-revoke: `false`')
    // The footer links the run even when the inputs stopped it.
    expect(run.summary).toContain('(https://github.com/acme/platform/actions/runs/4242)')
    expectMaskedFirst(run, [CANARY_TOKEN, `${CANARY_VALUE} `])
    expectNoCanaries(run, CANARIES)
  })

  it('plan sends no request that changes anything and shows what would happen', async () => {
    const { servingId } = await oneProject()
    const run = await runAction({ inputs: { ...inputs(), mode: 'plan' } })
    expect(run.code).toBe(0)
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.outputs['rotated-at']).toBe('')
    expect((JSON.parse(run.outputs.projects!) as Array<{ status: string }>)[0]?.status).toBe('planned')
    expect(run.summary).toContain(`redeploy production ${servingId}`)
    expectNoCanaries(run, CANARIES)
  })

  it('fails with the fix when the token is refused, and writes nothing', async () => {
    await oneProject()
    const run = await runAction({ inputs: { ...inputs(), 'vercel-token': 'wrong-token-canary-55' } })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*HTTP 403.*vercel-token/)
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toHaveLength(0)
    expectNoCanaries(run, [...CANARIES, 'wrong-token-canary-55'])
  })

  it('fails naming the project when a redeploy ends ERROR', async () => {
    await oneProject()
    emulator.state.failNextBuild('prj_web', 'ERROR')
    const run = await runAction({ inputs: inputs() })
    expect(run.code).toBe(1)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.outputs['failed-projects']).toBe('web')
    expect(run.stdout).toMatch(/::error::DATABASE_URL is not safe to revoke: web \(failed: The build failed/)
    expect(run.summary).toContain('❌ failed')
    expectNoCanaries(run, CANARIES)
  })

  it('stops every read still retrying once the step has failed: nothing is logged or sent after the verdict', async () => {
    await oneProject()
    emulator.state.addProject({ id: 'prj_api', name: 'api', teamId: 'team_acme' })
    // api's read keeps losing its connection (retried with backoff) while ghost fails at once (404).
    emulator.faults.add({ kind: 'reset', path: '/v10/projects/api/env', times: 100 })
    const run = await runAction({ inputs: { ...inputs(), projects: 'ghost, api' } })
    expect(run.code).toBe(1)
    const lines = run.stdout.split('\n')
    const verdict = lines.findIndex((l) => l.startsWith('::error::'))
    expect(verdict).toBeGreaterThan(-1)
    expect(lines.slice(verdict + 1).filter((l) => /retrying/.test(l))).toEqual([])
    const sent = emulator.requests.length
    await new Promise((r) => setTimeout(r, 1_500))
    expect(emulator.requests.length).toBe(sent)
  })

  it('wait: false succeeds once the redeploy is created, with safe-to-revoke false', async () => {
    await oneProject()
    const run = await runAction({ inputs: { ...inputs(), wait: 'false' } })
    expect(run.code).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    // The previews are counted (the record covers preview); no state is read.
    expect(emulator.requests.filter((r) => r.path === '/v7/deployments' && r.query.target !== 'preview')).toHaveLength(0)
  })

  it('a protected project with health checks and no way through is refused before the write, naming the three ways', async () => {
    await oneProject()
    emulator.state.configure('web', { protection: true })
    const run = await runAction({ inputs: { ...inputs(), 'health-check': emulator.healthCheck() } })
    expect(run.code).toBe(1)
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(run.stdout).toMatch(
      /::error::web: Deployment Protection covers its production .*id-token: write.*protection-bypass.*Protection Bypass for Automation.*Nothing was written/,
    )
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expectNoCanaries(run, CANARIES)
  })

  it("scope: team ignores the job's VERCEL_PROJECT_ID, which many deploy workflows set", async () => {
    await oneProject()
    emulator.state.addSharedEnv('team_acme', {
      key: 'SHARED_SECRET',
      value: 'old',
      type: 'sensitive',
      target: ['production'],
      projectIds: ['prj_web'],
    })
    const run = await runAction({
      inputs: { ...inputs(), projects: '', scope: 'team', name: 'SHARED_SECRET' },
      env: { VERCEL_PROJECT_ID: 'prj_elsewhere' },
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
  })

  it('an input combination that does less than it seems is a warning in the log and in the summary', async () => {
    await oneProject()
    const run = await runAction({ inputs: { ...inputs(), 'health-check': emulator.healthCheck(), 'on-unhealthy': 'rollback' } })
    expect(run.code, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/::warning::on-unhealthy: rollback under promote: when-healthy/)
    expect(run.summary).toMatch(/on-unhealthy: rollback under promote: when-healthy/)
  })
})
