/**
 * The gate proves the new value works, run as the runner runs the bundle, under this machine's Node and Node 24:
 * a wrong value ends unhealthy (and with on-unhealthy: rollback, production serves the old build again), a
 * protected project passes with its own bypass secret that never shows, a custom environment is rebuilt and
 * serving before the gate opens, and verify finds what is still stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { expectNoCanaries, runAction } from '../scripts/run-action.js'
import { CANARIES, CANARY_PREVIOUS, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'
import { node24 } from './helpers/node24.js'

const DAY = 86_400_000
const BYPASS_CANARY = 'bypass-canary-7d0c2e91f4a8b6'
// Tests run concurrently: each closes its own emulator.
const emulators = new Set<Emulator>()
afterAll(async () => {
  await Promise.all([...emulators].map((e) => e.close()))
})

async function team(projects: string[]): Promise<Emulator> {
  const emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 150 })
  emulators.add(emulator)
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of projects) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    s.addProjectEnv(name, { key: 'DATABASE_URL', value: 'old-value', type: 'sensitive', target: ['production'] })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
  }
  return emulator
}

const inputs = (emulator: Emulator, extra: Record<string, string> = {}) => ({
  'vercel-token': CANARY_TOKEN,
  team: 'team_acme',
  projects: 'web, api',
  name: 'DATABASE_URL',
  value: CANARY_VALUE,
  'api-url': emulator.url,
  'health-check': emulator.healthCheck('/api/health'),
  ...extra,
})

let NODE24: string
beforeAll(() => {
  NODE24 = node24()
}, 180_000)

describe.concurrent.each([
  ['this machine’s Node', () => process.execPath],
  ['Node 24', () => NODE24],
])('proving a rotation with the bundle under %s', (_, node) => {
  it('a wrong new value is contained: the staged rebuilds fail their proof, are never promoted, and no visitor meets the value', async () => {
    const emulator = await team(['web', 'api'])
    const before = { web: emulator.state.servingDeployment('web')!.uid, api: emulator.state.servingDeployment('api')!.uid }
    emulator.state.rejectValue(CANARY_VALUE)
    const run = await runAction({ inputs: inputs(emulator, { 'health-timeout-minutes': '0.03', 'previous-value': CANARY_PREVIOUS }), node: node() })
    expect(run.code).toBe(1)
    // Nothing serves the failing value, so the previous one goes back: the next git push builds with it.
    for (const name of ['web', 'api']) expect(emulator.state.projectEnvs(name).map((r) => r.value)).toEqual([CANARY_PREVIOUS])
    expect(run.summary).toMatch(/\*\*Restored:\*\* DATABASE_URL holds the previous value again \(2 record\(s\)\)/)
    expect(run.stdout).toMatch(/::add-mask::postgres:\/\/previous:canary/)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.outputs['failed-projects']).toBe('web,api')
    const projects = JSON.parse(run.outputs.projects!) as { name: string; status: string }[]
    expect(projects.map((p) => p.status)).toEqual(['unhealthy', 'unhealthy'])
    const creates = emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments')
    expect(creates.map((r) => (r.body as { autoAssignCustomDomains?: boolean }).autoAssignCustomDomains)).toEqual([false, false])
    expect(emulator.requests.some((r) => r.path.includes('/promote/'))).toBe(false)
    expect({ web: emulator.state.servingDeployment('web')!.uid, api: emulator.state.servingDeployment('api')!.uid }).toEqual(before)
    expect(emulator.state.wrongValueServedMs('web') + emulator.state.wrongValueServedMs('api')).toBe(0)
    expect(run.stdout).toMatch(
      /::error::DATABASE_URL is not safe to revoke: web \(unhealthy: .*is in the staged rebuild of production \(dpl_\w+\), which was never promoted.* Contained: production still serves/,
    )
    expect(run.summary).toMatch(/🛡️ \*\*Contained:\*\* \*\*web\*\*, \*\*api\*\* fail their health check .*\*\*no visitor met the new value\*\*/)
    expectNoCanaries(run, CANARIES)
  })

  it('with promote: auto and on-unhealthy: rollback, the old build is put back health-timeout-minutes after READY', async () => {
    const emulator = await team(['web', 'api'])
    const before = { web: emulator.state.servingDeployment('web')!.uid, api: emulator.state.servingDeployment('api')!.uid }
    emulator.state.rejectValue(CANARY_VALUE)
    const run = await runAction({
      inputs: inputs(emulator, { promote: 'auto', 'on-unhealthy': 'rollback', 'health-timeout-minutes': '0.03' }),
      node: node(),
    })
    expect(run.code).toBe(1)
    expect(run.outputs['failed-projects']).toBe('web,api')
    expect(run.stdout).toMatch(/::error::DATABASE_URL is not safe to revoke: web \(unhealthy: .*new value is live .*but not working/)
    expect(run.stdout).toMatch(/keep the old credential valid/i)
    expect(emulator.state.servingDeployment('web')!.uid).toBe(before.web)
    expect(emulator.state.servingDeployment('api')!.uid).toBe(before.api)
    expect(run.summary).toMatch(/stages new production builds until the rollback is undone/)
    expectNoCanaries(run, CANARIES)
  })

  it("probes through Trusted Sources with the job's OIDC token, masked at once and printed nowhere", async () => {
    const emulator = await team(['web'])
    emulator.state.configure('web', { protection: true, trustedRepositories: ['acme/platform'] })
    const run = await runAction({
      inputs: inputs(emulator, { projects: 'web', 'probe-auth': 'oidc' }),
      node: node(),
      env: { ...emulator.oidcEnv('acme/platform'), RUNNER_DEBUG: '1' },
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
    expect(emulator.visits.filter((v) => v.status === 200 && v.oidc)).toHaveLength(1)
    const issued = emulator.state.oidc!.issued
    expect(issued).toHaveLength(1)
    expect(run.stdout).toContain(`::add-mask::${issued[0]}`)
    expectNoCanaries(run, [...CANARIES, ...issued, ...issued[0]!.split('.').slice(1)])
  })

  it('a protected project passes with its own bypass secret, which never appears anywhere', async () => {
    const emulator = await team(['web'])
    emulator.state.configure('web', { protection: true, bypassSecrets: [BYPASS_CANARY] })
    const run = await runAction({ inputs: inputs(emulator, { projects: 'web' }), node: node(), env: { RUNNER_DEBUG: '1' } })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
    expect(Date.parse(run.outputs['revoke-after']!)).toBeGreaterThan(0)
    expect(emulator.visits.filter((v) => v.status === 200 && v.bypass)).toHaveLength(1)
    // Masked the moment it was read from Vercel.
    expect(run.stdout).toContain(`::add-mask::${BYPASS_CANARY}`)
    expectNoCanaries(run, [...CANARIES, BYPASS_CANARY])
  })

  it('a record covering staging gets staging rebuilt and serving before safe-to-revoke', async () => {
    const emulator = await team(['web'])
    const s = emulator.state
    const staging = s.addCustomEnvironment('web', { slug: 'staging' })
    const old = s.addDeployment('web', { target: null, customEnvironmentId: staging.id, createdAt: Date.now() - DAY })
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(staging.id)
    const run = await runAction({ inputs: inputs(emulator, { projects: 'web' }), node: node() })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
    const serving = s.findDeployment('team_acme', staging.domains[0]!)
    expect(serving.uid).not.toBe(old.uid)
    expect(serving.env.DATABASE_URL).toBe(CANARY_VALUE)
    const [web] = JSON.parse(run.outputs.projects!) as { environments: { slug: string; status: string; deployment: { id: string } }[] }[]
    expect(web!.environments).toEqual([
      { slug: 'staging', status: 'redeployed', deployment: expect.objectContaining({ id: serving.uid }) as unknown },
    ])
    expectNoCanaries(run, CANARIES)
  })

  it('verify: stale for a custom environment on an old build and an open Skew Protection window, unhealthy for a new deployment failing its check', async () => {
    const emulator = await team(['web', 'api', 'docs'])
    const s = emulator.state
    const staging = s.addCustomEnvironment('web', { slug: 'staging' })
    s.addDeployment('web', { target: null, customEnvironmentId: staging.id, createdAt: Date.now() - DAY })
    s.projectEnvs('web')[0]!.customEnvironmentIds.push(staging.id)
    s.configure('api', { skewProtectionMaxAge: 7200 })
    // api's serving deployment is ten minutes old: clients pinned to it reach it (and the old value) for two hours
    // from its creation.
    s.addDeployment('api', { target: 'production', createdAt: Date.now() - 10 * 60_000 })
    // The rotation itself: production everywhere, staging left out on purpose.
    const rotated = await runAction({
      inputs: inputs(emulator, { projects: 'web, api, docs', redeploy: 'production', 'health-check': '' }),
      node: node(),
    })
    expect(rotated.outputs['safe-to-revoke']).toBe('false')
    // docs now fails its health check: Deployment Protection without a bypass answers 401.
    s.configure('docs', { protection: true })
    const verify = await runAction({
      inputs: { ...inputs(emulator, { projects: 'web, api, docs', mode: 'verify', 'timeout-minutes': '1' }), value: '' },
      node: node(),
      timeoutMs: 150_000,
    })
    expect(verify.code).toBe(1)
    expect(verify.outputs['safe-to-revoke']).toBe('false')
    const status = Object.fromEntries((JSON.parse(verify.outputs.projects!) as { name: string; status: string }[]).map((p) => [p.name, p.status]))
    // docs serves a deployment built after the write: its value is live there, and failing.
    expect(status).toEqual({ web: 'stale', api: 'stale', docs: 'unhealthy' })
    expect(verify.outputs['failed-projects']).toBe('web,api,docs')
    expect(verify.stdout).toMatch(/Environment staging: The deployment serving environment staging was created before the value was written/)
    expect(verify.stdout).toMatch(/Skew Protection keeps older deployments .* until \d{4}-/)
    expect(verify.stdout).toMatch(/docs \(unhealthy: Its health check GET .* was refused \(HTTP 401.*The new value is not proven/)
    expect(verify.stdout).toMatch(/Deployment Protection refused the health checks of one unhealthy project/)
    expectNoCanaries(verify, CANARIES)
  }, 170_000)
})
