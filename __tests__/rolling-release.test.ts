/**
 * Rolling releases, OIDC probes through Trusted Sources, and the Ignored Build Step: the parts of production that
 * a rebuild's READY alone does not settle. Through the real SDK port against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator/index.js'
import { rotate, sharedClock, statusOf, twoProjects } from './helpers/rotate.js'
import { judge } from '../src/rotation/wait/judge.js'
import type { Rollout } from '../src/rotation/wait/rollout.js'
import type { Deployment, VercelPort } from '../src/vercel/port.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const NEW = 'postgres://new-credential-9c2e'
const setup = async () => {
  emulator = await twoProjects()
  return emulator.state
}
const base = () => ({ team: 'acme', projects: 'web', name: 'DATABASE_URL', value: NEW })
const completes = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/rolling-release/complete'))

describe('rolling releases', () => {
  it('follows timed stages to COMPLETE before the project counts as serving', async () => {
    const s = await setup()
    s.startRollingRelease('web', undefined, [{ targetPercentage: 25, durationMs: 300 }, { targetPercentage: 100 }])
    const { result, logs } = await rotate(emulator, base())
    expect(statusOf(result)).toEqual({ web: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    expect(s.project('web').rollout).toMatchObject({ state: 'COMPLETE' })
    expect(completes()).toHaveLength(0)
    // revoke-after is when the rollout completed, not when the canary was READY.
    expect(Date.parse(result.revokeAfter!)).toBeGreaterThanOrEqual(s.project('web').rollout!.updatedAt)
    expect(logs.join('\n')).not.toMatch(/failed/)
  })

  it('while ACTIVE the project is not done: at the timeout it holds the verdict, naming the stage and percentage', async () => {
    const s = await setup()
    s.startRollingRelease('web', undefined, [{ targetPercentage: 5, durationMs: 3_600_000 }, { targetPercentage: 100 }])
    const { result } = await rotate(emulator, base(), { timeoutMs: 3_000 })
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[0]!.note).toMatch(/rolling release is at stage 1 of 2 \(5% of traffic\)/)
  })

  it('names a stage waiting for approval, and who must act', async () => {
    const s = await setup()
    s.startRollingRelease('web', undefined, [{ targetPercentage: 10, requireApproval: true }, { targetPercentage: 100 }])
    const { result } = await rotate(emulator, base(), { timeoutMs: 3_000 })
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(
      /stage 1 of 2 \(10% of traffic\), waiting for approval: a project member approves the next stage in Vercel/,
    )
  })

  it('rolling-release: complete completes the rollout once the new deployment is proven', async () => {
    const s = await setup()
    s.startRollingRelease('web', undefined, [{ targetPercentage: 10, requireApproval: true }, { targetPercentage: 100 }])
    const { result } = await rotate(emulator, { ...base(), 'health-check': emulator.healthCheck(), 'rolling-release': 'complete' })
    expect(statusOf(result)).toEqual({ web: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    const serving = s.servingDeployment('web')!
    expect(completes()).toHaveLength(1)
    expect(completes()[0]!.body).toEqual({ canaryDeploymentId: serving.uid })
    // Proven at its own URL before the rollout was completed.
    const proof = emulator.requests.length && emulator.visits.findIndex((v) => v.host === serving.url && v.status === 200)
    expect(proof).toBeGreaterThanOrEqual(0)
  })

  it('an ABORTED rollout fails the project: production is back on the old deployment', async () => {
    const s = await setup()
    const before = s.servingDeployment('web')!.uid
    s.startRollingRelease('web', undefined, [{ targetPercentage: 10, durationMs: 3_600_000 }, { targetPercentage: 100 }])
    let finished = false
    const running = rotate(emulator, base(), { timeoutMs: 10_000 }).finally(() => (finished = true))
    while (!finished && s.project('web').rollout?.state !== 'ACTIVE') await new Promise((r) => setTimeout(r, 5))
    s.abortRollingRelease('web')
    const { result } = await running
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(new RegExp(`rolling release was aborted: production is back on ${before}`))
    expect(s.servingDeployment('web')!.uid).toBe(before)
  })

  it('verify is not safe while a rollout of an affected project is ACTIVE', async () => {
    const s = await setup()
    await rotate(emulator, { ...base(), projects: 'web' })
    const rebuilt = s.servingDeployment('web')!
    const next = s.addDeployment('web', { target: 'production', serving: false })
    s.startRollingRelease('web', next.uid)
    const { result } = await rotate(emulator, { team: 'acme', projects: 'web', name: 'DATABASE_URL', mode: 'verify' })
    expect(result.safeToRevoke).toBe(false)
    expect(s.servingDeployment('web')!.uid).toBe(rebuilt.uid)
  })
})

describe('a promotion Vercel queues behind an active rolling release (HTTP 202)', () => {
  /** Someone else's deployment is rolling out in web when the proven rebuild is promoted. */
  const rollingAhead = (durationMs: number) => {
    const s = emulator.state
    const ahead = s.addDeployment('web', { target: 'production', serving: false })
    s.startRollingRelease('web', ahead.uid, [{ targetPercentage: 10, durationMs }, { targetPercentage: 100 }])
    return ahead
  }
  const healthy = () => ({ ...base(), 'health-check': emulator.healthCheck() })

  it('is reported as queued, naming the rollout it waits for, and followed until its own rollout completes', async () => {
    const s = await setup()
    const clock = sharedClock(emulator, 1)
    const ahead = rollingAhead(600_000)
    const { result, logs } = await rotate(emulator, healthy(), { timeoutMs: 3_600_000, clock })
    const promote = emulator.requests.find((r) => r.method === 'POST' && r.path.includes('/promote/'))!
    expect(promote.status).toBe(202)
    expect(logs.join('\n')).toMatch(new RegExp(`queued the promotion behind the active rolling release of ${ahead.uid}`))
    expect(logs.join('\n')).toMatch(/the rollout it was queued behind completed; its own rolling release has begun/)
    expect(statusOf(result)).toEqual({ web: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    const serving = s.servingDeployment('web')!
    expect(promote.path).toBe(`/v10/projects/prj_web/promote/${serving.uid}`)
    expect(s.project('web').rollout).toMatchObject({ state: 'COMPLETE', canaryId: serving.uid })
  })

  it('at the timeout the note names the rollout it is queued behind', async () => {
    await setup()
    const clock = sharedClock(emulator, 1)
    const ahead = rollingAhead(86_400_000)
    const { result } = await rotate(emulator, healthy(), { timeoutMs: 1_800_000, clock })
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.safeToRevoke).toBe(false)
    expect(result.projects[0]!.note).toMatch(
      new RegExp(`Not serving production before the timeout.*queued the promotion behind the active rolling release of ${ahead.uid}`),
    )
  })

  it('fails at once when the rollout ahead is aborted: the queued promotion never begins', async () => {
    const s = await setup()
    const before = s.servingDeployment('web')!.uid
    const ahead = rollingAhead(3_600_000)
    let finished = false
    const running = rotate(emulator, healthy(), { timeoutMs: 30_000 }).finally(() => (finished = true))
    while (!finished && s.project('web').rollout?.queuedId === undefined) await new Promise((r) => setTimeout(r, 5))
    s.abortRollingRelease('web')
    // Ended by the abort, not by the timeout: the note says why the queued promotion never began.
    const { result } = await running
    expect(statusOf(result)).toEqual({ web: 'failed' })
    expect(result.projects[0]!.note).toMatch(
      new RegExp(`queued behind the rolling release of ${ahead.uid}, which was aborted, so it never began: production still serves ${before}`),
    )
  })
})

describe('probe-auth: oidc (Trusted Sources)', () => {
  it("probes a protected deployment with the job's OIDC token, masked at once and never shown", async () => {
    const s = await setup()
    s.configure('web', { protection: true, trustedRepositories: ['acme/platform'] })
    const masked: string[] = []
    const raw = { ...base(), 'health-check': emulator.healthCheck(), 'probe-auth': 'oidc' }
    const { result, logs } = await rotate(emulator, raw, { oidc: true, onSecret: (x) => masked.push(x), env: emulator.oidcEnv() })
    expect(result.safeToRevoke).toBe(true)
    const visits = emulator.visits.filter((v) => v.status === 200)
    expect(visits.length).toBeGreaterThan(0)
    expect(visits.every((v) => v.oidc && !v.bypass)).toBe(true)
    const issued = s.oidc!.issued
    expect(issued.length).toBeGreaterThan(0)
    expect(masked).toEqual(expect.arrayContaining(issued))
    const shown = JSON.stringify({ result, logs })
    for (const token of issued) for (const part of token.split('.')) expect(shown).not.toContain(part)
  })

  it('a repository the project does not trust is refused at once, and the fix names Trusted Sources', async () => {
    const s = await setup()
    s.configure('web', { protection: true, trustedRepositories: ['someone/else'] })
    const raw = { ...base(), 'health-check': emulator.healthCheck(), 'probe-auth': 'oidc' }
    const { result } = await rotate(emulator, raw, { oidc: true, env: emulator.oidcEnv(), timeoutMs: 20_000 })
    expect(statusOf(result)).toEqual({ web: 'unhealthy' })
    expect(result.projects[0]!.note).toMatch(/HTTP 401: the job's GitHub OIDC token was refused: add a Trusted Sources rule/)
    // What a rule that exists may still get wrong: the environments it covers, and a pinned audience.
    expect(result.projects[0]!.note).toMatch(/its environments \(`to`\) include the one probed and that it pins no `aud` claim/)
  })

  it('auto prefers a bypass secret when one is known, else the OIDC token', async () => {
    const s = await setup()
    s.configure('web', { protection: true, bypassSecrets: ['own-bypass-secret-0002'], trustedRepositories: ['acme/platform'] })
    s.configure('api', { protection: true, trustedRepositories: ['acme/platform'] })
    const raw = { ...base(), projects: 'web, api', 'health-check': emulator.healthCheck() }
    const { result } = await rotate(emulator, raw, { oidc: true, env: emulator.oidcEnv() })
    expect(result.safeToRevoke).toBe(true)
    const web = s.servingDeployment('web')!.url
    const api = s.servingDeployment('api')!.url
    expect(emulator.visits.filter((v) => v.host === web).every((v) => v.bypass && !v.oidc)).toBe(true)
    expect(emulator.visits.filter((v) => v.host === api).every((v) => v.oidc && !v.bypass)).toBe(true)
  })

  it('oidc without id-token: write is an input error before anything is written', async () => {
    await setup()
    await expect(rotate(emulator, { ...base(), 'health-check': emulator.healthCheck(), 'probe-auth': 'oidc' })).rejects.toThrow(
      /probe-auth: oidc needs the job's GitHub OIDC token.*permissions: id-token: write/,
    )
    expect(emulator.requests).toHaveLength(0)
  })
})

describe('Ignored Build Step', () => {
  it('plan warns for each project with one, naming the command and how to let redeploys through', async () => {
    const s = await setup()
    s.ignoreBuilds('api', 'git diff --quiet HEAD^ HEAD ./')
    const { result } = await rotate(emulator, { ...base(), projects: 'web, api', mode: 'plan' })
    const warnings = result.warnings.filter((w) => /Ignored Build Step/.test(w))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^api: has an Ignored Build Step \(`git diff --quiet HEAD\^ HEAD \.\/`\).*exit 1 \(build\).*VERCEL_ENV is production/)
  })

  it("a redeploy it cancels fails naming it as the cause, with Vercel's own reason", async () => {
    const s = await setup()
    s.ignoreBuilds('web', 'git diff --quiet HEAD^ HEAD ./')
    const { result } = await rotate(emulator, { ...base(), projects: 'web, api' })
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'redeployed' })
    expect(result.projects[0]!.deployment?.state).toBe('CANCELED')
    const note = result.projects[0]!.note!
    expect(note).toMatch(/^The redeploy was canceled by the project's Ignored Build Step \(`git diff --quiet HEAD\^ HEAD \.\/`\)\./)
    expect(note).toContain('Vercel: The Deployment has been canceled as a result of running the command defined in the "Ignored Build Step" setting.')
    expect(note).toMatch(/VERCEL_ENV is production/)
    expect(note).not.toMatch(/most likely/)
  })

  it('names it as the likely cause only where Vercel sends no reason and the project has the command', async () => {
    const s = await setup()
    s.ignoreBuilds('web', 'npx turbo-ignore')
    s.failNextBuild('web', 'CANCELED')
    const { result } = await rotate(emulator, base())
    expect(result.projects[0]!.note).toMatch(
      /^The redeploy was canceled, most likely by the project's Ignored Build Step \(`npx turbo-ignore`\): Vercel gives no reason/,
    )
  })

  it('a cancel Vercel gives another reason for is reported with that reason, not put on the Ignored Build Step', async () => {
    const s = await setup()
    s.ignoreBuilds('web', 'npx turbo-ignore')
    s.failNextBuild('web', 'CANCELED', 'The deployment was canceled by a newer deployment.')
    const { result } = await rotate(emulator, base())
    expect(statusOf(result)).toEqual({ web: 'failed' })
    const note = result.projects[0]!.note!
    expect(note).toBe(
      'The redeploy was canceled (CANCELED). Find out why in Vercel, then re-run. Vercel: The deployment was canceled by a newer deployment.',
    )
  })

  it('a cancel without a reason, in a project without a command, says Vercel gave none', async () => {
    const s = await setup()
    s.failNextBuild('web', 'CANCELED')
    const { result } = await rotate(emulator, base())
    expect(result.projects[0]!.note).toMatch(
      /^The redeploy was canceled \(CANCELED\) and Vercel gives no reason\. An `ignoreCommand` in vercel\.json/,
    )
    expect(result.projects[0]!.note).not.toMatch(/Ignored Build Step \(`/)
  })

  it("Vercel's readyStateReason alone (a single read or create) is its reason too", async () => {
    await setup()
    const r = {
      project: { id: 'prj_web', name: 'web', ignoreCommand: 'npx turbo-ignore' },
      deployment: { id: 'dpl_1' },
      outcome: 'pending',
      stage: 'building',
    } as unknown as Rollout
    const d = { id: 'dpl_1', state: 'CANCELED', readyStateReason: 'Canceled by a newer deployment.' } as Deployment
    await judge(r, d, {} as VercelPort, 0, { info() {}, warning() {}, debug() {} })
    expect(r.outcome).toBe('failed')
    expect(r.reason).toBe('The redeploy was canceled (CANCELED). Find out why in Vercel, then re-run. Vercel: Canceled by a newer deployment.')
  })

  it('plan warns about each project that skips unaffected deployments (enableAffectedProjectsDeployments)', async () => {
    const s = await setup()
    s.skipUnaffected('api')
    const { result } = await rotate(emulator, { ...base(), projects: 'web, api', mode: 'plan' })
    const warnings = result.warnings.filter((w) => /enableAffectedProjectsDeployments/.test(w))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^api: skips deployments when there are no changes to the root directory.*CANCELED.*turn it off/)
  })
})
