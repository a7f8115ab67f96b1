/**
 * The official Vercel CLI, a client nobody here wrote, driven against the emulator. Each command must succeed
 * with every request it makes answered (no 404 from a missing route), and leave the emulator in the state the
 * same command leaves Vercel in. The first run installs the pinned CLI into ~/.cache/rotate-vercel-secret (about 30 s).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/index.js'
import { seedDemo, type DemoSeed } from '../emulator/seed.js'
import { runVercel, vercelCli, type CliRun } from './helpers/vercel-cli.js'

const TOKEN = 'testtoken'
let entry: string
let emulator: Emulator
let seed: DemoSeed
let home: string
/** The requests the last command made. */
let sent: LoggedRequest[] = []

beforeAll(async () => {
  entry = await vercelCli()
}, 300_000)

beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN, buildMs: 300 })
  seed = seedDemo(emulator.state)
  home = await mkdtemp(join(tmpdir(), 'vercel-cli-'))
})

afterEach(async () => {
  await emulator.close()
  await rm(home, { recursive: true, force: true })
})

async function vercel(...args: string[]): Promise<CliRun> {
  const from = emulator.requests.length
  const run = await runVercel({ entry, apiUrl: emulator.url, token: TOKEN, home, orgId: seed.team.id, projectId: seed.projects.web.id }, args)
  sent = emulator.requests.slice(from)
  return run
}

/** Exit code 0, and every request found its route and was accepted. */
function expectSuccess(run: CliRun): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0)
  expect(sent.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([])
}

const writes = (): string[] => sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)

describe('vercel env', () => {
  it('env ls lists the linked project records and writes nothing', async () => {
    const run = await vercel('env', 'ls')
    expectSuccess(run)
    expect(run.stdout + run.stderr).toMatch(/DATABASE_URL\s+Hidden\s+Sensitive\s+Production, Preview/)
    expect(writes()).toEqual([])
  })

  it('env add creates a record for the named environment', async () => {
    const run = await vercel('env', 'add', 'FEATURE_FLAGS', 'preview', '--value', 'beta-on', '--yes')
    expectSuccess(run)
    const record = emulator.state.projectEnvs('web').find((e) => e.key === 'FEATURE_FLAGS')
    expect(record).toMatchObject({ value: 'beta-on', target: ['preview'] })
    expect(emulator.state.projectEnvs('api').some((e) => e.key === 'FEATURE_FLAGS')).toBe(false)
  })

  it('env update changes the value of the existing record in place', async () => {
    const before = emulator.state.projectEnvs('web').find((e) => e.key === 'DATABASE_URL')!
    const run = await vercel('env', 'update', 'DATABASE_URL', 'production', '--value', 'postgres://web:new@db/web', '--yes')
    expectSuccess(run)
    const after = emulator.state.projectEnvs('web').filter((e) => e.key === 'DATABASE_URL')
    expect(after).toEqual([expect.objectContaining({ id: before.id, value: 'postgres://web:new@db/web' })])
    expect(writes()).toEqual([`PATCH /v10/projects/prj_web/env/${before.id}`])
  })

  it('env rm removes the record from the linked project only', async () => {
    const run = await vercel('env', 'rm', 'DATABASE_URL', 'production', '--yes')
    expectSuccess(run)
    expect(emulator.state.projectEnvs('web').map((e) => e.key)).toEqual([])
    expect(emulator.state.projectEnvs('api').map((e) => e.key)).toEqual(['DATABASE_URL'])
  })

  it('env rm of a variable the project does not have exits 1 and removes nothing', async () => {
    const run = await vercel('env', 'rm', 'NO_SUCH_KEY', 'production', '--yes')
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(emulator.state.projectEnvs('web').map((e) => e.key)).toEqual(['DATABASE_URL'])
  })
})

describe('vercel deployments', () => {
  it('ls lists the project deployments, with --scope naming the team', async () => {
    const run = await vercel('ls', '--scope', seed.team.slug)
    expectSuccess(run)
    const urls = emulator.state.deployments('web').map((d) => `https://${d.url}`)
    expect(urls).toHaveLength(2)
    for (const url of urls) expect(run.stdout).toContain(url)
  })

  it('inspect shows a deployment and its build', async () => {
    const serving = emulator.state.servingDeployment('web')!
    const run = await vercel('inspect', serving.uid)
    expectSuccess(run)
    // The CLI prints the details on stderr and keeps stdout for --json.
    expect(run.stderr).toContain(serving.uid)
    expect(run.stderr).toContain(`https://${serving.url}`)
    expect(sent.map((r) => r.path)).toContain(`/v11/deployments/${serving.uid}/builds`)
  })

  it('redeploy builds a new deployment of the source with its target, and waits until it serves', async () => {
    const source = emulator.state.servingDeployment('web')!
    const run = await vercel('redeploy', source.url)
    expectSuccess(run)
    const created = emulator.state.deployments('web')[0]!
    expect(created).toMatchObject({ sourceDeploymentId: source.uid, target: 'production', readyState: 'READY' })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(created.uid)
  })

  it('redeploy of a preview stays a preview', async () => {
    const preview = emulator.state.deployments('web').find((d) => d.target === null)!
    const run = await vercel('redeploy', preview.uid)
    expectSuccess(run)
    const created = emulator.state.deployments('web')[0]!
    expect(created).toMatchObject({ sourceDeploymentId: preview.uid, target: null })
    expect(emulator.state.servingDeployment('web')?.target).toBe('production')
    expect(emulator.state.servingDeployment('web')?.uid).not.toBe(created.uid)
  })

  it('rollback points production at the older build', async () => {
    const older = emulator.state.servingDeployment('web')!
    const newer = emulator.state.addDeployment('web', { target: 'production' })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(newer.uid)
    const run = await vercel('rollback', older.uid, '--yes')
    expectSuccess(run)
    expect(emulator.state.servingDeployment('web')?.uid).toBe(older.uid)
    expect(emulator.state.project('web').lastAliasRequest).toMatchObject({ type: 'rollback', toDeploymentId: older.uid })
  })

  it('promote points production at the chosen deployment and ends the rolled-back state', async () => {
    const older = emulator.state.servingDeployment('web')!
    const newer = emulator.state.addDeployment('web', { target: 'production' })
    emulator.state.rollback('web', older.uid)
    const run = await vercel('promote', newer.uid, '--yes')
    expectSuccess(run)
    expect(emulator.state.servingDeployment('web')?.uid).toBe(newer.uid)
    expect(emulator.state.project('web').lastAliasRequest).toMatchObject({ type: 'promote', toDeploymentId: newer.uid })
  })

  it('promote takes a staged production build (created with autoAssignCustomDomains: false) to production', async () => {
    const before = emulator.state.servingDeployment('web')!
    const staged = emulator.state.addDeployment('web', { target: 'production', readySubstate: 'STAGED', serving: false })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(before.uid)
    const run = await vercel('promote', staged.uid, '--yes')
    expectSuccess(run)
    expect(emulator.state.servingDeployment('web')?.uid).toBe(staged.uid)
    expect(emulator.state.deployment(staged.uid)).toMatchObject({ readySubstate: 'PROMOTED', aliasAssigned: true })
  })
})

describe('vercel rolling-release', () => {
  const rolling = () => {
    const canary = emulator.state.addDeployment('web', { target: 'production', serving: false })
    emulator.state.startRollingRelease('web', canary.uid, [
      { targetPercentage: 10, requireApproval: true },
      { targetPercentage: 50, requireApproval: true },
      { targetPercentage: 100 },
    ])
    return canary
  }

  it('approve moves the rollout to its next stage, as the action reads it', async () => {
    const canary = rolling()
    const run = await vercel('rolling-release', 'approve', '--dpl', canary.uid, '--currentStageIndex=0')
    expectSuccess(run)
    expect(writes()).toEqual(['POST /v1/projects/prj_web/rolling-release/approve-stage'])
    expect(emulator.state.project('web').rollout).toMatchObject({ state: 'ACTIVE', stageIndex: 1 })
  })

  it('complete sends the canary to all traffic: what rolling-release: complete sends', async () => {
    const canary = rolling()
    const run = await vercel('rolling-release', 'complete', '--dpl', canary.uid)
    expectSuccess(run)
    expect(sent.find((r) => r.method === 'POST')?.body).toEqual({ canaryDeploymentId: canary.uid })
    expect(emulator.state.project('web').rollout).toMatchObject({ state: 'COMPLETE' })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(canary.uid)
  })
})
